// Real `ws` clients for the gateway tests, with promise helpers for the events tests wait on.
import { WebSocket, type ClientOptions } from 'ws';

export interface RejectedHandshake {
  status: number;
  body: string;
}

export interface TestClient {
  ws: WebSocket;
  /** The next text frame (frames are queued, none is missed between calls). */
  next(): Promise<string>;
  /** Resolves when the socket has closed. */
  closed: Promise<{ code: number; reason: string }>;
}

const openClients = new Set<WebSocket>();

/** Opens a client; rejects with the HTTP status and body when the handshake is refused. */
export function connect(
  url: string,
  options: ClientOptions & { protocols?: string[] } = {},
): Promise<TestClient> {
  const { protocols, ...clientOptions } = options;
  const ws = new WebSocket(url, protocols ?? [], clientOptions);
  openClients.add(ws);
  const frames: string[] = [];
  const readers: Array<(frame: string) => void> = [];
  ws.on('message', (data) => {
    const frame = (data as Buffer).toString('utf8');
    const reader = readers.shift();
    if (reader) reader(frame);
    else frames.push(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => {
      openClients.delete(ws);
      resolve({ code, reason: reason.toString('utf8') });
    }),
  );
  const next = (): Promise<string> => {
    const frame = frames.shift();
    return frame !== undefined ? Promise.resolve(frame) : new Promise((resolve) => readers.push(resolve));
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, next, closed }));
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const rejected: RejectedHandshake = {
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString(),
        };
        reject(Object.assign(new Error(`handshake rejected with ${rejected.status}`), rejected));
        ws.terminate();
      });
    });
    ws.once('error', reject);
  });
}

/** Terminates whatever clients a test left open. */
export function terminateAllClients(): void {
  for (const ws of openClients) ws.terminate();
  openClients.clear();
}
