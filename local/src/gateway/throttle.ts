// The account throttle of the @connections API (docs/aws-behaviours.md#account-throttle): a token
// bucket of `burst` calls refilled at `rate` per second; a call that finds it empty answers 429
// LimitExceededException, as AWS does for PostToConnection above the account's rate. Also a
// per-call latency: every answer waits `latencyMs`, like the round trip to a real endpoint. Off
// unless the admin API or the CHORUS_GATEWAY_THROTTLE_* environment switches it on.

export interface ThrottleSettings {
  /** Calls per second the bucket refills with (R). */
  rate: number;
  /** Bucket size: calls allowed at once (B), at least 1. */
  burst: number;
  /** Delay before every answer, ms (L). */
  latencyMs: number;
}

export interface ThrottleSnapshot {
  /** Undefined while the throttle is off. */
  settings?: ThrottleSettings;
  /** Calls let through and calls answered 429 since the settings were last set. */
  admitted: number;
  throttled: number;
}

export class ThrottleSettingsError extends Error {
  readonly code = 'INVALID_THROTTLE_SETTINGS';
  constructor(message: string) {
    super(message);
    this.name = 'ThrottleSettingsError';
  }
}

const MAX_RATE = 10_000_000;
const MAX_LATENCY_MS = 60_000;

function field(raw: Record<string, unknown>, name: string, min: number, max: number, whole: boolean): number {
  const value = raw[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || (whole && !Number.isInteger(value)))
    throw new ThrottleSettingsError(
      `${name} must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}`,
    );
  if (value < min || value > max)
    throw new ThrottleSettingsError(`${name} must be from ${min} to ${max} (got ${value})`);
  return value;
}

/** Validates `{ "rate": 2000, "burst": 5000, "latencyMs": 10 }` (latencyMs optional, default 0). */
export function parseThrottleSettings(raw: unknown): ThrottleSettings {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ThrottleSettingsError('throttle settings must be a JSON object');
  const record = raw as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['rate', 'burst', 'latencyMs'].includes(key))
      throw new ThrottleSettingsError(`unknown throttle setting ${key}; expected rate, burst, latencyMs`);
  }
  return {
    rate: field(record, 'rate', 0.001, MAX_RATE, false),
    burst: field(record, 'burst', 1, MAX_RATE, true),
    latencyMs: record['latencyMs'] === undefined ? 0 : field(record, 'latencyMs', 0, MAX_LATENCY_MS, false),
  };
}

/**
 * Settings from CHORUS_GATEWAY_THROTTLE_RATE / _BURST (both or neither) and
 * CHORUS_GATEWAY_LATENCY_MS; undefined when none is set. A bad value throws, so the cloud fails
 * at start instead of running unthrottled.
 */
export function throttleSettingsFromEnv(
  env: Record<string, string | undefined>,
): ThrottleSettings | undefined {
  const rate = env['CHORUS_GATEWAY_THROTTLE_RATE'];
  const burst = env['CHORUS_GATEWAY_THROTTLE_BURST'];
  const latency = env['CHORUS_GATEWAY_LATENCY_MS'];
  if (rate === undefined && burst === undefined && latency === undefined) return undefined;
  if ((rate === undefined) !== (burst === undefined))
    throw new ThrottleSettingsError(
      'set CHORUS_GATEWAY_THROTTLE_RATE and CHORUS_GATEWAY_THROTTLE_BURST together',
    );
  const number = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value))
      throw new ThrottleSettingsError(`${name} must be a number (got ${JSON.stringify(text)})`);
    return value;
  };
  return parseThrottleSettings({
    // Latency alone: a bucket that never runs dry.
    rate: number('CHORUS_GATEWAY_THROTTLE_RATE', rate) ?? MAX_RATE,
    burst: number('CHORUS_GATEWAY_THROTTLE_BURST', burst) ?? MAX_RATE,
    latencyMs: number('CHORUS_GATEWAY_LATENCY_MS', latency) ?? 0,
  });
}

export class AccountThrottle {
  private settings: ThrottleSettings | undefined;
  private tokens = 0;
  private refilledAt = 0;
  private admitted = 0;
  private throttled = 0;

  /** `now` in ms (performance.now by default; tests pin it). */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Switches the throttle on with a full bucket and zeroed counters. */
  set(settings: ThrottleSettings): void {
    this.settings = { ...settings };
    this.tokens = settings.burst;
    this.refilledAt = this.now();
    this.admitted = 0;
    this.throttled = 0;
  }

  clear(): void {
    this.settings = undefined;
    this.admitted = 0;
    this.throttled = 0;
  }

  /** ms every answer waits (0 while off). */
  get latencyMs(): number {
    return this.settings?.latencyMs ?? 0;
  }

  /** True when the call may go through (it takes a token); false = answer 429. */
  admit(): boolean {
    const settings = this.settings;
    if (settings === undefined) return true;
    const now = this.now();
    this.tokens = Math.min(settings.burst, this.tokens + ((now - this.refilledAt) * settings.rate) / 1000);
    this.refilledAt = now;
    if (this.tokens < 1) {
      this.throttled += 1;
      return false;
    }
    this.tokens -= 1;
    this.admitted += 1;
    return true;
  }

  snapshot(): ThrottleSnapshot {
    const snapshot: ThrottleSnapshot = { admitted: this.admitted, throttled: this.throttled };
    if (this.settings !== undefined) snapshot.settings = { ...this.settings };
    return snapshot;
  }
}
