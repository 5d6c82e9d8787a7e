// A chat member as the webapp behaves: it shows each message once (de-duplicated by messageId),
// reconnects with jittered backoff when its socket drops, re-joins its room and catches up from
// history, and resends an unacknowledged send with the same clientMsgId until it is acked.
import type { MessageFrame } from '@chorus/protocol';
import { ChatClient, signIn, type SignInEndpoints } from './chatClient';

const RECONNECT_BASE_MS = 200;
const RECONNECT_CAP_MS = 2000;
const ACK_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Orders sends and joins: a send that started after a join must reach that connection live. */
let sequence = 0;
export const nextSeq = (): number => (sequence += 1);

export class RoomMember {
  /** messageId → times it arrived (live frames and history pages alike). */
  public readonly arrivals = new Map<string, number>();
  /** messageId → times it arrived as a live frame (on any of the member's connections). */
  public readonly liveArrivals = new Map<string, number>();
  /** What the member shows: one entry per messageId, in arrival order. */
  public readonly shown: string[] = [];
  /** messageIds that arrived as live frames on the member's current connection. */
  public liveOnCurrent = new Set<string>();
  public reconnects = 0;
  /** Times the server said this connection was no longer registered (its rows were removed). */
  public removals = 0;
  /** The sequence number (see nextSeq) at which the current connection had joined. */
  public joinSeq = 0;
  private client!: ChatClient;
  /**
   * Signed in once, reused on every reconnect as the webapp keeps its token: one user id for
   * the member's whole life, so a resend after a reconnect is the same (user, clientMsgId) and
   * the messages service de-duplicates it instead of storing the message twice.
   */
  private token = '';
  private generation = 0;
  private closed = false;
  private reconnecting: Promise<void> | undefined;
  private failure: Error | undefined;

  private constructor(
    private readonly endpoints: SignInEndpoints,
    public readonly name: string,
    public readonly roomId: string,
  ) {}

  public static async join(endpoints: SignInEndpoints, name: string, roomId: string): Promise<RoomMember> {
    const member = new RoomMember(endpoints, name, roomId);
    member.token = await signIn(endpoints.signIn, name);
    await member.connectAndJoin();
    return member;
  }

  /** The User-Agent of the current socket: `<name>#<generation>`, as the admin API lists it. */
  public get userAgent(): string {
    return `${this.name}#${this.generation}`;
  }

  /**
   * Sends until acked (same clientMsgId each time); resolves with the messageId and the sequence
   * number taken when the send first started.
   */
  public async send(clientMsgId: string, text: string): Promise<{ messageId: string; seq: number }> {
    const seq = nextSeq();
    for (let attempt = 1; ; attempt += 1) {
      await this.reconnecting;
      if (this.failure !== undefined) throw this.failure;
      if (this.closed) throw new Error(`${this.name}: left before ${clientMsgId} was acked`);
      const client = this.client;
      const seen = client.frames.length;
      if (client.isOpen) client.send({ action: 'sendMessage', roomId: this.roomId, text, clientMsgId });
      let retryAfterMs = 0;
      let unknownConnection = false;
      try {
        await client.waitFor(
          `the ack of ${clientMsgId}`,
          (frames) =>
            frames.slice(seen).some((f) => {
              if (f.type === 'error' && f.clientMsgId === clientMsgId) {
                retryAfterMs = f.retryAfterMs ?? 500;
                unknownConnection = f.code === 'UNKNOWN_CONNECTION';
              }
              return (
                (f.type === 'ack' && f.clientMsgId === clientMsgId) || retryAfterMs > 0 || !client.isOpen
              );
            }) || !client.isOpen,
          ACK_WAIT_MS,
        );
      } catch {
        // no answer (the handler failed, e.g. "Internal server error"): resend
      }
      const ack = client.frames.slice(seen).find((f) => f.type === 'ack' && f.clientMsgId === clientMsgId);
      if (ack?.type === 'ack') return { messageId: ack.messageId, seq };
      if (unknownConnection) {
        // As the webapp does: the rows are gone (an injected 410), so reconnect, re-join, catch up.
        this.removals += 1;
        await this.rejoin();
        continue;
      }
      if (attempt > 30) {
        throw new Error(
          `${this.name}: ${clientMsgId} never acked; last frames:\n${client.raw.slice(-5).join('\n')}`,
        );
      }
      await sleep(Math.max(retryAfterMs, 100 * Math.min(attempt, 10)));
    }
  }

  /** Re-joins on a fresh connection and catches up from history (a member whose row was removed). */
  public async rejoin(): Promise<void> {
    await this.reconnecting;
    await this.client.close();
    await this.reconnecting;
  }

  /**
   * Reads the room's whole history into what the member shows: the latest page, then older
   * pages (`before` the oldest seen) until none is left. A first page without a cursor is the
   * newest one, so paging forward (`after`) from it would never see the older messages.
   */
  public async catchUp(): Promise<void> {
    let before: string | undefined;
    for (;;) {
      const page = await this.client.request(
        { action: 'history', roomId: this.roomId, limit: 100, ...(before === undefined ? {} : { before }) },
        'history',
        (f) => f.roomId === this.roomId && f.before === before,
      );
      for (const message of page.messages) this.arrive(message.messageId);
      if (!page.hasMore || page.messages.length === 0) return;
      before = page.messages.map((m) => m.messageId).reduce((a, b) => (a < b ? a : b));
    }
  }

  /** Resolves once a reconnect in progress (if any) has re-joined and caught up. */
  public async settled(): Promise<void> {
    while (this.reconnecting !== undefined) await this.reconnecting;
    if (this.failure !== undefined) throw this.failure;
  }

  public async leave(): Promise<void> {
    this.closed = true;
    await this.reconnecting;
    await this.client.close();
  }

  private arrive(messageId: string): void {
    const times = this.arrivals.get(messageId) ?? 0;
    this.arrivals.set(messageId, times + 1);
    if (times === 0) this.shown.push(messageId);
  }

  private async connectAndJoin(): Promise<void> {
    this.generation += 1;
    const search = `?token=${encodeURIComponent(this.token)}`;
    const client = await ChatClient.open(this.endpoints.websocketUrl, search, this.userAgent);
    const live = new Set<string>();
    client.onFrame((frame) => {
      if (frame.type !== 'message' || frame.roomId !== this.roomId) return;
      live.add((frame as MessageFrame).messageId);
      this.liveArrivals.set(frame.messageId, (this.liveArrivals.get(frame.messageId) ?? 0) + 1);
      this.arrive(frame.messageId);
    });
    client.onClose(() => {
      if (this.closed || this.reconnecting !== undefined) return;
      // A reconnect that gave up is kept and rethrown by the member's next call, never left unhandled.
      this.reconnecting = this.reconnect()
        .catch((error: unknown) => void (this.failure ??= error as Error))
        .finally(() => (this.reconnecting = undefined));
    });
    this.client = client;
    this.liveOnCurrent = live;
    await client.request(
      { action: 'joinRoom', roomId: this.roomId },
      'presence',
      (f) => f.roomId === this.roomId,
    );
    // Taken once the membership row exists: every send that starts later must reach us live.
    this.joinSeq = nextSeq();
  }

  private async reconnect(): Promise<void> {
    this.reconnects += 1;
    for (let attempt = 1; ; attempt += 1) {
      await sleep(Math.random() * Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** attempt));
      try {
        await this.connectAndJoin();
        await this.catchUp();
        return;
      } catch (error) {
        // A half-done attempt (joined but the catch-up timed out) must not leave its socket open:
        // it would stay in the room unseen and its later close would start another reconnect.
        if (this.client.isOpen) await this.client.close();
        if (attempt > 40 || this.closed) throw error;
      }
    }
  }
}
