import { ConnectionTimers, DEFAULT_LIMITS, resolveLimits } from '../../../src/gateway/limits';

describe('resolveLimits', () => {
  it('defaults to the AWS limits', () => {
    expect(resolveLimits()).toMatchObject({
      maxFrameBytes: 32_768,
      maxMessageBytes: 131_072,
      maxPostBytes: 131_072,
      idleTimeoutMs: 600_000,
      maxConnectionMs: 7_200_000,
    });
  });

  it('applies overrides and rejects non-positive values', () => {
    expect(resolveLimits({ idleTimeoutMs: 50 }).idleTimeoutMs).toBe(50);
    expect(() => resolveLimits({ maxFrameBytes: 0 })).toThrow(RangeError);
  });
});

describe('ConnectionTimers', () => {
  let now = 0;
  const clock = () => now;
  const advance = (ms: number) => {
    now += ms;
    jest.advanceTimersByTime(ms);
  };

  beforeEach(() => {
    jest.useFakeTimers();
    now = 0;
  });
  afterEach(() => jest.useRealTimers());

  const start = (limits = { idleTimeoutMs: 1000, maxConnectionMs: 10_000 }) => {
    const onIdle = jest.fn();
    const onMax = jest.fn();
    const timers = new ConnectionTimers(limits, onIdle, onMax, clock);
    timers.start();
    return { timers, onIdle, onMax };
  };

  it('fires the idle callback once after the idle timeout without activity', () => {
    const { onIdle, onMax } = start();
    advance(999);
    expect(onIdle).not.toHaveBeenCalled();
    advance(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    advance(20_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(onMax).not.toHaveBeenCalled();
  });

  it('restarts the idle clock on touch()', () => {
    const { timers, onIdle } = start();
    advance(800);
    timers.touch();
    advance(800);
    expect(onIdle).not.toHaveBeenCalled();
    advance(200);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('fires the max-duration callback whatever the activity', () => {
    const { timers, onIdle, onMax } = start();
    for (let t = 0; t < 10_000; t += 500) {
      timers.touch();
      advance(500);
    }
    expect(onIdle).not.toHaveBeenCalled();
    expect(onMax).toHaveBeenCalledTimes(1);
  });

  it('fires nothing after stop()', () => {
    const { timers, onIdle, onMax } = start();
    timers.stop();
    advance(DEFAULT_LIMITS.maxConnectionMs);
    expect(onIdle).not.toHaveBeenCalled();
    expect(onMax).not.toHaveBeenCalled();
  });
});
