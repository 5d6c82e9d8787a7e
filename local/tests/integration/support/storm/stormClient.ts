// One client of the reconnect storm, behaving as the webapp does: when its socket drops it waits
// `fullJitterDelayMs(attempt)` (base 500 ms, cap 30 s), reconnects with the same token, re-joins
// its room and catches up with `history {after}` from the newest message it held moved back by an
// overlap window (as webapp/src/app/chat/catch-up-cursor.ts does), paging until `hasMore` is
// false. It shows one copy per messageId; whatever fails (handshake, join, catch-up) is one more
// backoff attempt.
import WebSocket from 'ws';
import { fullJitterDelayMs, type BackoffPolicy } from '@chorus/protocol';

/** The webapp's reconnect schedule and catch-up overlap (webapp/src/app/chat/chat-options.ts). */
export const WEBAPP_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };
export const CATCH_UP_OVERLAP_MS = 30_000;
const REQUEST_TIMEOUT_MS = 60_000;
// Long, as a browser's: a herd of handshakes queues at the gateway, and a client that gave up early
// would come back while the gateway still works on its abandoned handshake, adding to the herd.
const HANDSHAKE_TIMEOUT_MS = 300_000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The smallest ULID of the millisecond `overlapMs` before `messageId`'s: an exclusive `after` cursor. */
export function overlapCursor(messageId: string, overlapMs: number): string {
  let time = [...messageId.slice(0, 10)].reduce((t, char) => t * 32 + CROCKFORD.indexOf(char), 0);
  time = Math.max(0, time - overlapMs);
  let encoded = '';
  for (let index = 0; index < 10; index += 1) {
    encoded = CROCKFORD.charAt(time % 32) + encoded;
    time = Math.floor(time / 32);
  }
  return `${encoded}${'0'.repeat(16)}`;
}

export interface StormObserver {
  attempt(): void;
  opened(): void;
  /** Joined and caught up after the socket opened. */
  ready(client: StormClient): void;
  dropped(): void;
  failed(reason: string): void;
}

type Frame = { type: string; [key: string]: unknown };

interface Pending {
  match: (frame: Frame) => boolean;
  resolve: (frame: Frame) => void;
  reject: (error: Error) => void;
}

export type ClientState = 'connecting' | 'joining' | 'catching-up' | 'ready' | 'down' | 'stopped';

export class StormClient {
  public state: ClientState = 'down';
  public attempt = 0;
  public maxAttempt = 0;
  public drops = 0;
  /** Ready again after its latest drop (true before the first one). */
  public inSync = false;
  /** messageId → text, one per id: what the webapp would show. */
  public readonly shown = new Map<string, string>();
  public liveCopies = 0;
  public liveDuplicates = 0;
  public fromHistory = 0;
  public readonly historyProblems: string[] = [];
  private socket: WebSocket | undefined;
  private pending: Pending | undefined;
  private stopped = false;
  /** Newest message id held when the socket last dropped; cleared once caught up. */
  private heldAtDrop: string | undefined;
  private closed: (() => void) | undefined;

  public constructor(
    public readonly name: string,
    public readonly roomId: string,
    private readonly url: string,
    private readonly observer: StormObserver,
  ) {}

  /** Connects and stays connected until stop(); resolves the first time it is ready. */
  public run(): Promise<void> {
    return new Promise<void>((firstReady) => {
      void this.loop(firstReady);
    });
  }

  public stop(): void {
    this.stopped = true;
    this.state = 'stopped';
    this.socket?.close(1000, 'done');
  }

  public get newestShown(): string | undefined {
    let newest: string | undefined;
    for (const id of this.shown.keys()) if (newest === undefined || id > newest) newest = id;
    return newest;
  }

  /** Sends a frame and resolves with the first answer `match` accepts (one request at a time). */
  public request(frame: object, match: (frame: Frame) => boolean): Promise<Frame> {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error('socket not open'));
    }
    return new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => settle(new Error('no answer in time')), REQUEST_TIMEOUT_MS);
      const settle = (error: Error | undefined, answer?: Frame): void => {
        clearTimeout(timer);
        if (this.pending === entry) this.pending = undefined;
        if (error !== undefined) reject(error);
        else resolve(answer!);
      };
      const entry: Pending = {
        match,
        resolve: (answer) => settle(undefined, answer),
        reject: (error) => settle(error),
      };
      this.pending = entry;
      socket.send(JSON.stringify(frame));
    });
  }

  private async loop(firstReady: () => void): Promise<void> {
    while (!this.stopped) {
      if (this.attempt > 0) {
        await new Promise((r) => setTimeout(r, fullJitterDelayMs(this.attempt, WEBAPP_BACKOFF)));
        if (this.stopped) return;
      }
      // Where catch-up starts: the newest message held when the socket dropped, kept until a
      // catch-up succeeds. Not the newest held now: an attempt whose join or catch-up failed may
      // still have received live copies, and starting after those would skip what was sent
      // while the client was away (the first full storm run lost thousands of copies that way).
      const newest = this.heldAtDrop;
      const cursor = newest === undefined ? undefined : overlapCursor(newest, CATCH_UP_OVERLAP_MS);
      try {
        this.state = 'connecting';
        this.observer.attempt();
        const { closed } = await this.open();
        this.observer.opened();
        this.state = 'joining';
        const joined = await this.request(
          { action: 'joinRoom', roomId: this.roomId },
          (f) => f.type === 'presence' || f.type === 'error',
        );
        if (joined.type === 'error') throw new Error(`joinRoom: ${String(joined['code'])}`);
        if (this.drops > 0) {
          this.state = 'catching-up';
          await this.catchUp(cursor);
        }
        this.state = 'ready';
        this.heldAtDrop = undefined;
        this.attempt = 0;
        this.inSync = true;
        this.observer.ready(this);
        firstReady();
        await closed;
        if (this.stopped) return;
        this.drops += 1;
        this.inSync = false;
        this.heldAtDrop = this.newestShown;
        this.observer.dropped();
      } catch (error) {
        this.observer.failed((error as Error).message.replace(/[0-9a-f-]{20,}/g, '…'));
        this.socket?.terminate();
      }
      this.state = 'down';
      this.attempt += 1;
      this.maxAttempt = Math.max(this.maxAttempt, this.attempt);
    }
  }

  /** Opens the socket; resolves with a promise of its close (boxed: a promise would be adopted). */
  private open(): Promise<{ closed: Promise<void> }> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url, {
        perMessageDeflate: false,
        handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      });
      this.socket = socket;
      const closed = new Promise<void>((done) => (this.closed = done));
      socket.on('message', (data) => this.receive(data.toString()));
      socket.on('error', () => undefined); // reported by the `once` below or followed by a close
      socket.once('open', () => resolve({ closed }));
      socket.once('unexpected-response', (_req, res) => {
        reject(new Error(`handshake refused with HTTP ${res.statusCode}`));
        socket.terminate();
      });
      socket.once('error', (error) => reject(new Error(`socket error: ${error.message}`)));
      socket.once('close', () => {
        this.pending?.reject(new Error('socket closed'));
        this.closed?.();
      });
    });
  }

  private receive(raw: string): void {
    const frame = JSON.parse(raw) as Frame;
    if (frame.type === 'message') {
      this.liveCopies += 1;
      const id = String(frame['messageId']);
      if (this.shown.has(id)) this.liveDuplicates += 1;
      else this.shown.set(id, String(frame['text']));
      return;
    }
    if (this.pending?.match(frame) === true) this.pending.resolve(frame);
  }

  /** `history {after}` pages forward from `cursor` until the server says there is no more. */
  private async catchUp(cursor: string | undefined): Promise<void> {
    const seen = new Set<string>();
    let after = cursor;
    for (;;) {
      const page = await this.request(
        { action: 'history', roomId: this.roomId, limit: 100, ...(after === undefined ? {} : { after }) },
        (f) => f.type === 'history' || f.type === 'error',
      );
      if (page.type === 'error') throw new Error(`history: ${String(page['code'])}`);
      const messages = page['messages'] as Array<{ messageId: string; text: string }>;
      let previous = after ?? '';
      for (const message of messages) {
        if (message.messageId <= previous || seen.has(message.messageId)) {
          this.historyProblems.push(`${this.name}: ${message.messageId} after ${previous} in a catch-up`);
        }
        previous = message.messageId;
        seen.add(message.messageId);
        if (!this.shown.has(message.messageId)) {
          this.shown.set(message.messageId, message.text);
          this.fromHistory += 1;
        }
      }
      if (page['hasMore'] !== true || messages.length === 0) return;
      after = messages[messages.length - 1]!.messageId;
    }
  }
}
