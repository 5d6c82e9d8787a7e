// A real WebSocket client for integration tests: keeps every frame it receives, and waits for the
// ones a test expects with a bounded wait and a message that shows what did arrive.
import WebSocket from 'ws';
import type { ServerFrame } from '@chorus/protocol';

/** What a client needs from `.chorus/endpoints.json`. */
export interface SignInEndpoints {
  websocketUrl: string;
  signIn: string;
}

/** The local cloud's development sign-in: `POST {"name"}` → `{"token"}`. */
export async function signIn(signInUrl: string, name: string): Promise<string> {
  const response = await fetch(signInUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const body = (await response.json()) as { token?: string; message?: string };
  if (!response.ok || body.token === undefined) {
    throw new Error(`sign-in as ${name} answered ${response.status}: ${body.message ?? ''}`);
  }
  return body.token;
}

export class ChatClient {
  public readonly frames: ServerFrame[] = [];
  public readonly raw: string[] = [];
  private waiters: Array<() => void> = [];
  private readonly frameListeners: Array<(frame: ServerFrame) => void> = [];
  private readonly closeListeners: Array<() => void> = [];
  public closeCode?: number;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      this.raw.push(text);
      let frame: ServerFrame | undefined;
      try {
        frame = JSON.parse(text) as ServerFrame;
      } catch {
        // kept in `raw` only
      }
      if (frame !== undefined) {
        this.frames.push(frame);
        for (const listener of this.frameListeners) listener(frame);
      }
      this.notify();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.notify();
      for (const listener of this.closeListeners) listener();
    });
  }

  /** Signs in at the local issuer as `name` and connects with the token, as the webapp does. */
  /** `userAgent` lets a test find this socket in the admin API's connection list. */
  public static async connect(
    endpoints: SignInEndpoints,
    name: string,
    userAgent?: string,
  ): Promise<ChatClient> {
    const token = await signIn(endpoints.signIn, name);
    return ChatClient.open(endpoints.websocketUrl, `?token=${encodeURIComponent(token)}`, userAgent);
  }

  /** Opens a socket on `websocketUrl` + `search`; a refused handshake rejects with its HTTP status. */
  public static open(websocketUrl: string, search = '', userAgent?: string): Promise<ChatClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(
        `${websocketUrl}${search}`,
        userAgent === undefined ? {} : { headers: { 'user-agent': userAgent } },
      );
      const client = new ChatClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error(`handshake refused: ${res.statusCode}`), { status: res.statusCode })),
      );
      socket.once('error', reject);
    });
  }

  /** Called with every parsed frame from now on. */
  public onFrame(listener: (frame: ServerFrame) => void): void {
    this.frameListeners.push(listener);
  }

  /** Called once when the socket closes (dropped or closed). */
  public onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  public send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  public get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Waits until `predicate` holds over the frames received so far. */
  public async waitFor(
    description: string,
    predicate: (frames: ServerFrame[]) => boolean,
    timeoutMs = 15_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.frames)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for ${description}; received:\n${this.raw.slice(-20).join('\n')}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends a frame and resolves with the first new frame of `type` (optionally matching). */
  public async request<T extends ServerFrame['type']>(
    frame: unknown,
    type: T,
    match: (f: Extract<ServerFrame, { type: T }>) => boolean = () => true,
  ): Promise<Extract<ServerFrame, { type: T }>> {
    const seen = this.frames.length;
    this.send(frame);
    let found: Extract<ServerFrame, { type: T }> | undefined;
    await this.waitFor(`a ${type} frame`, (frames) => {
      found = frames
        .slice(seen)
        .find(
          (f): f is Extract<ServerFrame, { type: T }> =>
            f.type === type && match(f as Extract<ServerFrame, { type: T }>),
        );
      return found !== undefined;
    });
    return found as Extract<ServerFrame, { type: T }>;
  }

  public ofType<T extends ServerFrame['type']>(type: T): Array<Extract<ServerFrame, { type: T }>> {
    return this.frames.filter((f): f is Extract<ServerFrame, { type: T }> => f.type === type);
  }

  public close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close(1000, 'bye');
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
