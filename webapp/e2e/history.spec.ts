// A room with 500 messages: the client loads one page, renders only the rows near the viewport,
// and pages older history in as the reader scrolls up.
import type { Page } from 'playwright-core';
import { newUserContext } from './support/browser';
import { joinRoom, openChat, renderedRows, waitForRows } from './support/chat-page';
import { useLocalCloudAndChromium } from './support/environment';

const ROOM = 'e2e-history';
const FIRST_WINDOW = 20;
const MESSAGE_COUNT = 500;

/**
 * Writes the history through a plain WebSocket in a blank page, as another client would: a window
 * of sends in flight, and a resend with the same clientMsgId when an ack is slow (idempotent).
 */
async function seedHistory(page: Page, websocketUrl: string): Promise<number> {
  return page.evaluate(
    async ({ url, roomId, count }) => {
      const socket = new WebSocket(`${url}?name=Seeder`);
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
      const send = (n: number): void => {
        const text = `seed ${String(n).padStart(3, '0')}`;
        socket.send(JSON.stringify({ action: 'sendMessage', roomId, clientMsgId: `seed${n}`, text }));
      };
      const inFlight = new Map<number, number>();
      const maxInFlight = 20;
      let next = 1;
      while (acked.size < count) {
        for (const [n, sentAt] of inFlight) {
          if (acked.has(`seed${n}`)) inFlight.delete(n);
          else if (Date.now() - sentAt > 8_000) {
            send(n);
            inFlight.set(n, Date.now());
          }
        }
        while (inFlight.size < maxInFlight && next <= count) {
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
    { url: websocketUrl, roomId: ROOM, count: MESSAGE_COUNT },
  );
}

describe('long history', () => {
  const env = useLocalCloudAndChromium();

  it('(d) scrolls 500 messages without loading or rendering them all at once', async () => {
    const seeder = await (await newUserContext(env.browser)).newPage();
    expect(await seedHistory(seeder, env.cloud.endpoints.websocketUrl)).toBe(MESSAGE_COUNT);

    const reader = await openChat(await newUserContext(env.browser), env.cloud.endpoints.webUrl, 'Reader');
    await joinRoom(reader, ROOM);
    const firstView = await waitForRows(reader.page, (rows) => rows.length > 5);
    expect(firstView.length).toBeGreaterThan(5);
    // The newest page only: every row shown is one of the last seeds.
    expect(firstView.every((row) => Number(row.text.replace('seed ', '')) > MESSAGE_COUNT - 100)).toBe(true);
    expect(firstView.length).toBeLessThan(60);
    const history = (): Record<string, unknown>[] =>
      reader.sentFrames.filter((frame) => frame['action'] === 'history');
    expect(history()).toHaveLength(1);

    const list = reader.page.getByTestId('message-list');
    let maxRendered = firstView.length;
    // Scroll to the top until that no longer asks for an older page.
    for (let scroll = 0; scroll < 20; scroll += 1) {
      const requests = history().length;
      await list.evaluate((element) => element.scrollTo({ top: 0 }));
      await waitForRows(reader.page, () => history().length > requests, 3_000);
      await reader.page.getByTestId('loading-older').waitFor({ state: 'detached' });
      maxRendered = Math.max(maxRendered, (await renderedRows(reader.page)).length);
      if (history().length === requests) break;
    }
    await list.evaluate((element) => element.scrollTo({ top: 0 }));
    await reader.page.waitForTimeout(200);

    // The seeder keeps 20 sends in flight, so ids (server order) only roughly follow the seed
    // numbers: the top is reached when one of the first window of seeds is the first row.
    const top = await renderedRows(reader.page);
    const firstSeed = Number(top[0]?.text.replace('seed ', ''));
    expect(firstSeed).toBeLessThanOrEqual(FIRST_WINDOW);
    const topIds = top.map((row) => row.messageId ?? '');
    expect(topIds).toEqual([...topIds].sort());
    expect(new Set(topIds).size).toBe(topIds.length);
    expect(maxRendered).toBeLessThan(60);
    const older = history().filter((frame) => frame['before'] !== undefined);
    expect(older.length).toBeGreaterThanOrEqual(9);
    expect(older.length).toBeLessThanOrEqual(10);
    for (const frame of history()) {
      expect(frame['limit']).toBeLessThanOrEqual(100);
    }
  }, 600_000);
});
