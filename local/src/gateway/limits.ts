// API Gateway's WebSocket limits (docs/aws-behaviours.md#limits) and the timers that enforce the idle
// timeout and the maximum connection duration. Values marked [U] (unverified) there are options.

export interface CloseSpec {
  code: number;
  reason: string;
}

export interface GatewayLimits {
  /** Largest single frame a client may send; larger closes with 1009. AWS: 32 KB. */
  maxFrameBytes: number;
  /** Largest message (all frames of it); larger closes with 1009. AWS: 128 KB. */
  maxMessageBytes: number;
  /** Largest PostToConnection body; larger answers 413 PayloadTooLargeException. AWS: 128 KB [U exact]. */
  maxPostBytes: number;
  /** Close after this long without a data frame from the client. AWS: 10 min. */
  idleTimeoutMs: number;
  /** Close this long after connecting, whatever the traffic. AWS: 2 h. */
  maxConnectionMs: number;
  /** [U] Whether PostToConnection traffic also counts as activity for the idle timer. */
  outboundResetsIdle: boolean;
  /** [U] How long a message route's integration may run before the client gets the Internal server error frame. */
  integrationTimeoutMs: number;
  /** [U] Close code/reason on idle timeout (serverless-offline and captures suggest 1001). */
  idleClose: CloseSpec;
  /** [U] Close code/reason at the maximum connection duration. */
  maxDurationClose: CloseSpec;
  /** [U] Close code/reason DeleteConnection sends. */
  deleteConnectionClose: CloseSpec;
}

export const DEFAULT_LIMITS: Readonly<GatewayLimits> = Object.freeze({
  maxFrameBytes: 32 * 1024,
  maxMessageBytes: 128 * 1024,
  maxPostBytes: 128 * 1024,
  idleTimeoutMs: 10 * 60 * 1000,
  maxConnectionMs: 2 * 60 * 60 * 1000,
  outboundResetsIdle: false,
  integrationTimeoutMs: 29_000,
  idleClose: { code: 1001, reason: 'Going away' },
  maxDurationClose: { code: 1001, reason: 'Going away' },
  deleteConnectionClose: { code: 1000, reason: '' },
});

/** Close codes whose meaning AWS documents. */
export const CLOSE_MESSAGE_TOO_BIG: CloseSpec = { code: 1009, reason: 'Message too big' };
export const CLOSE_UNSUPPORTED_DATA: CloseSpec = { code: 1003, reason: 'Unsupported data' };
export const CLOSE_GOING_AWAY: CloseSpec = { code: 1001, reason: 'Going away' };
/** What $disconnect reports when the socket died without a close frame. */
export const CLOSE_ABNORMAL: CloseSpec = { code: 1006, reason: '' };

export function resolveLimits(overrides: Partial<GatewayLimits> = {}): GatewayLimits {
  const limits: GatewayLimits = { ...DEFAULT_LIMITS, ...overrides };
  for (const key of [
    'maxFrameBytes',
    'maxMessageBytes',
    'maxPostBytes',
    'idleTimeoutMs',
    'maxConnectionMs',
    'integrationTimeoutMs',
  ] as const) {
    if (!Number.isFinite(limits[key]) || limits[key] <= 0) {
      throw new RangeError(`gateway limit ${key} must be a positive number, got ${limits[key]}`);
    }
  }
  return limits;
}

/**
 * One connection's idle and max-duration timers. The idle timer is re-armed lazily: `touch()`
 * only records the time, and the timer, when it fires early, re-arms for the remainder. That keeps
 * a busy socket from churning timers on every frame.
 */
export class ConnectionTimers {
  private idleTimer: NodeJS.Timeout | undefined;
  private maxTimer: NodeJS.Timeout | undefined;
  private lastActivity: number;

  constructor(
    private readonly limits: Pick<GatewayLimits, 'idleTimeoutMs' | 'maxConnectionMs'>,
    private readonly onIdle: () => void,
    private readonly onMaxDuration: () => void,
    private readonly now: () => number = Date.now,
  ) {
    this.lastActivity = now();
  }

  start(): void {
    this.armIdle(this.limits.idleTimeoutMs);
    this.maxTimer = setTimeout(() => {
      this.stop();
      this.onMaxDuration();
    }, this.limits.maxConnectionMs);
    this.maxTimer.unref();
  }

  /** A data frame went through: the idle clock starts over. */
  touch(): void {
    this.lastActivity = this.now();
  }

  stop(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
    this.idleTimer = undefined;
    this.maxTimer = undefined;
  }

  private armIdle(delayMs: number): void {
    this.idleTimer = setTimeout(() => {
      const remaining = this.lastActivity + this.limits.idleTimeoutMs - this.now();
      if (remaining > 0) {
        this.armIdle(remaining);
        return;
      }
      this.stop();
      this.onIdle();
    }, delayMs);
    this.idleTimer.unref();
  }
}
