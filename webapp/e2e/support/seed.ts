// Writes a room's history through a plain WebSocket in a blank page, as another client would: a
// window of sends in flight, and a resend with the same clientMsgId when an ack is slow
// (idempotent). Returns how many messages the server acknowledged.
import type { Page } from 'playwright-core';

export async function seedRoom(
  page: Page,
  endpoints: { websocketUrl: string; signIn: string },
  roomId: string,
  texts: readonly string[],
): Promise<number> {
  // Signed in like any client: the gateway refuses a handshake without a token.
  const response = await fetch(endpoints.signIn, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Seeder' }),
  });
  const { token } = (await response.json()) as { token: string };
  return page.evaluate(
    async ({ url, token, roomId, texts }) => {
      const socket = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
      const acked = new Set<string>();
      let joined: () => void = () => undefined;
      let progress: () => void = () => undefined;
      socket.onmessage = (event) => {
        const frame = JSON.parse(String(event.data)) as { type: string; clientMsgId?: string };
        if (frame.type === 'presence') joined();
        if (frame.type === 'ack' && frame.clientMsgId !== undefined) {
          acked.add(frame.clientMsgId);
          progress();
        }
      };
      await new Promise<void>((resolve, reject) => {
        socket.onopen = () => resolve();
        socket.onerror = () => reject(new Error('seeder socket failed'));
      });
      await new Promise<void>((resolve) => {
        joined = resolve;
        socket.send(JSON.stringify({ action: 'joinRoom', roomId }));
      });
      const idOf = (n: number): string => `${roomId}-${n}`;
      const send = (n: number): void => {
        const text = texts[n - 1];
        socket.send(JSON.stringify({ action: 'sendMessage', roomId, clientMsgId: idOf(n), text }));
      };
      const inFlight = new Map<number, number>();
      const maxInFlight = 20;
      let next = 1;
      while (acked.size < texts.length) {
        for (const [n, sentAt] of inFlight) {
          if (acked.has(idOf(n))) inFlight.delete(n);
          else if (Date.now() - sentAt > 8_000) {
            send(n);
            inFlight.set(n, Date.now());
          }
        }
        while (inFlight.size < maxInFlight && next <= texts.length) {
          send(next);
          inFlight.set(next, Date.now());
          next += 1;
        }
        await new Promise<void>((resolve) => {
          progress = resolve;
          setTimeout(resolve, 1_000);
        });
      }
      socket.close();
      return acked.size;
    },
    { url: endpoints.websocketUrl, token, roomId, texts },
  );
}
