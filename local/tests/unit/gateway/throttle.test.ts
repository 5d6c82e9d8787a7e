import {
  AccountThrottle,
  parseThrottleSettings,
  ThrottleSettingsError,
  throttleSettingsFromEnv,
} from '../../../src/gateway/throttle';

/** A throttle on a clock the test moves by hand (ms). */
function pinned(): { throttle: AccountThrottle; advance(ms: number): void } {
  let now = 1_000;
  return { throttle: new AccountThrottle(() => now), advance: (ms) => void (now += ms) };
}

const admitMany = (throttle: AccountThrottle, calls: number): number =>
  Array.from({ length: calls }, () => throttle.admit()).filter(Boolean).length;

describe('AccountThrottle', () => {
  it('lets every call through while off', () => {
    const { throttle } = pinned();
    expect(admitMany(throttle, 10_000)).toBe(10_000);
    expect(throttle.latencyMs).toBe(0);
    expect(throttle.snapshot()).toEqual({ admitted: 0, throttled: 0 });
  });

  it('admits the burst at once, then answers false (429) until the bucket refills', () => {
    const { throttle } = pinned();
    throttle.set({ rate: 100, burst: 5, latencyMs: 0 });
    expect(admitMany(throttle, 8)).toBe(5);
    expect(throttle.snapshot()).toEqual({
      settings: { rate: 100, burst: 5, latencyMs: 0 },
      admitted: 5,
      throttled: 3,
    });
  });

  it('refills at rate R: 100/s is one token per 10 ms', () => {
    const { throttle, advance } = pinned();
    throttle.set({ rate: 100, burst: 5, latencyMs: 0 });
    admitMany(throttle, 5);
    advance(9);
    expect(throttle.admit()).toBe(false);
    advance(1);
    expect(throttle.admit()).toBe(true);
    expect(throttle.admit()).toBe(false);
    advance(35); // 3.5 tokens
    expect(admitMany(throttle, 10)).toBe(3);
  });

  it('never holds more than the burst, however long it idles', () => {
    const { throttle, advance } = pinned();
    throttle.set({ rate: 1_000, burst: 20, latencyMs: 0 });
    advance(60_000);
    expect(admitMany(throttle, 100)).toBe(20);
  });

  it('sustains exactly R per second past the burst', () => {
    const { throttle, advance } = pinned();
    throttle.set({ rate: 2_000, burst: 100, latencyMs: 0 });
    let admitted = admitMany(throttle, 1_000);
    for (let ms = 0; ms < 1_000; ms += 1) {
      advance(1);
      admitted += admitMany(throttle, 10);
    }
    expect(admitted).toBe(100 + 2_000);
  });

  it('starts each setting with a full bucket and zeroed counters; clear switches it off', () => {
    const { throttle } = pinned();
    throttle.set({ rate: 1, burst: 2, latencyMs: 7 });
    admitMany(throttle, 5);
    throttle.set({ rate: 1, burst: 3, latencyMs: 7 });
    expect(throttle.snapshot()).toMatchObject({ admitted: 0, throttled: 0 });
    expect(admitMany(throttle, 5)).toBe(3);
    expect(throttle.latencyMs).toBe(7);
    throttle.clear();
    expect(admitMany(throttle, 5)).toBe(5);
    expect(throttle.latencyMs).toBe(0);
  });
});

describe('parseThrottleSettings', () => {
  it('takes rate, burst and an optional latency', () => {
    expect(parseThrottleSettings({ rate: 2_000, burst: 5_000, latencyMs: 10 })).toEqual({
      rate: 2_000,
      burst: 5_000,
      latencyMs: 10,
    });
    expect(parseThrottleSettings({ rate: 0.5, burst: 1 })).toEqual({ rate: 0.5, burst: 1, latencyMs: 0 });
  });

  it.each([
    [null, 'throttle settings must be a JSON object'],
    [[], 'throttle settings must be a JSON object'],
    [{ burst: 1 }, 'rate must be a number from 0.001 to 10000000'],
    [{ rate: 0, burst: 1 }, 'rate must be from 0.001 to 10000000 (got 0)'],
    [{ rate: 10, burst: 0 }, 'burst must be from 1 to 10000000 (got 0)'],
    [{ rate: 10, burst: 1.5 }, 'burst must be a whole number from 1 to 10000000'],
    [{ rate: 10, burst: 1, latencyMs: -1 }, 'latencyMs must be from 0 to 60000 (got -1)'],
    [{ rate: 10, burst: 1, jitter: 1 }, 'unknown throttle setting jitter; expected rate, burst, latencyMs'],
  ])('refuses %j', (raw, message) => {
    expect(() => parseThrottleSettings(raw)).toThrow(ThrottleSettingsError);
    expect(() => parseThrottleSettings(raw)).toThrow(message);
  });
});

describe('throttleSettingsFromEnv', () => {
  it('is off when nothing is set', () => {
    expect(throttleSettingsFromEnv({})).toBeUndefined();
  });

  it('reads rate, burst and latency', () => {
    expect(
      throttleSettingsFromEnv({
        CHORUS_GATEWAY_THROTTLE_RATE: '2000',
        CHORUS_GATEWAY_THROTTLE_BURST: '500',
        CHORUS_GATEWAY_LATENCY_MS: '12.5',
      }),
    ).toEqual({ rate: 2_000, burst: 500, latencyMs: 12.5 });
  });

  it('takes a latency alone as a bucket that never runs dry', () => {
    expect(throttleSettingsFromEnv({ CHORUS_GATEWAY_LATENCY_MS: '5' })).toEqual({
      rate: 10_000_000,
      burst: 10_000_000,
      latencyMs: 5,
    });
  });

  it('refuses half a bucket and values that are no numbers', () => {
    expect(() => throttleSettingsFromEnv({ CHORUS_GATEWAY_THROTTLE_RATE: '10' })).toThrow(
      'set CHORUS_GATEWAY_THROTTLE_RATE and CHORUS_GATEWAY_THROTTLE_BURST together',
    );
    expect(() =>
      throttleSettingsFromEnv({ CHORUS_GATEWAY_THROTTLE_RATE: 'ten', CHORUS_GATEWAY_THROTTLE_BURST: '1' }),
    ).toThrow('CHORUS_GATEWAY_THROTTLE_RATE must be a number (got "ten")');
  });
});
