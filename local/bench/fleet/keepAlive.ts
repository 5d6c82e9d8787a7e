// Keeps Chorus members connected through long steps the way a real client does: API Gateway
// closes a connection after 10 minutes without a data frame from the client (WebSocket pings do
// not count), so every member silent for KEEPALIVE_SILENCE_MS sends a `ping` action.

/** Half the gateway's idle timeout: a member pings at most once per five quiet minutes. */
export const KEEPALIVE_SILENCE_MS = 5 * 60 * 1000;
const CHECK_EVERY_MS = 15_000;
const PING_FRAME = JSON.stringify({ action: 'ping' });

export interface KeptMember {
  readonly isOpen: boolean;
  readonly lastSentAt: number;
  send(frame: string): void;
}

/** The members whose last data frame is at least `silenceMs` old and whose socket is still open. */
export function dueForKeepAlive<M extends KeptMember>(
  members: Iterable<M>,
  now: number,
  silenceMs: number,
): M[] {
  const due: M[] = [];
  for (const member of members) if (member.isOpen && now - member.lastSentAt >= silenceMs) due.push(member);
  return due;
}

export class KeepAlive {
  private readonly groups = new Map<string, readonly KeptMember[]>();
  private timer: NodeJS.Timeout | undefined;

  public constructor(private readonly silenceMs = KEEPALIVE_SILENCE_MS) {}

  public keep(group: string, members: readonly KeptMember[]): void {
    this.groups.set(group, members);
    this.timer ??= setInterval(() => this.check(), CHECK_EVERY_MS).unref();
  }

  public forget(group: string): void {
    this.groups.delete(group);
    if (this.groups.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Pings every member due now; returns how many. */
  public check(now = performance.now()): number {
    let sent = 0;
    for (const members of this.groups.values()) {
      for (const member of dueForKeepAlive(members, now, this.silenceMs)) {
        member.send(PING_FRAME);
        sent += 1;
      }
    }
    return sent;
  }
}
