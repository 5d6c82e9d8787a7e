import { FD_RESERVE, fdNeed, parseUlimitOutput, planFdLimit } from '../../../bench/fdLimit';

describe('open-file limit', () => {
  it('reads soft and hard limits, unlimited included', () => {
    expect(parseUlimitOutput('20000\n20000\n')).toEqual({ soft: 20000, hard: 20000 });
    expect(parseUlimitOutput('1024\nunlimited\n')).toEqual({ soft: 1024, hard: Number.POSITIVE_INFINITY });
    expect(() => parseUlimitOutput('oops')).toThrow(/cannot read the open-file limit/);
  });

  it('is fine when the soft limit covers the sockets and the reserve', () => {
    expect(fdNeed(10_001)).toBe(10_001 + FD_RESERVE);
    expect(planFdLimit({ soft: 20_000, hard: 20_000 }, 10_001)).toEqual({ action: 'ok' });
  });

  it('raises the soft limit when the hard one allows it', () => {
    expect(planFdLimit({ soft: 1024, hard: 1_048_576 }, 10_001)).toEqual({
      action: 'raise',
      to: fdNeed(10_001),
    });
  });

  it('fails with the numbers and the fix when the hard limit is too low', () => {
    const plan = planFdLimit({ soft: 1024, hard: 4096 }, 10_001);
    expect(plan.action).toBe('fail');
    const message = plan.action === 'fail' ? plan.message : '';
    expect(message).toContain(`needs ${fdNeed(10_001).toLocaleString('en-US')} open files`);
    expect(message).toContain('hard limit is 4,096 (ulimit -Hn)');
    expect(message).toMatch(/--sizes/);
  });
});
