import { joinResult, joinsPerSecond } from '../../../../bench/scenarios/joinResult';
import { stepReport } from './factories';

describe('joinResult', () => {
  it('reports seconds and joins/s for the room, with the join curve', () => {
    const r = joinResult({
      size: 10_000,
      connect: stepReport(10_000, 25),
      join: stepReport(10_000, 40),
      failures: [],
    });
    expect(r.line).toBe(
      'join N=10,000: 10,000 joined one room in 40.0 s (250 joins/s); connected in 25.0 s (400/s); 0 failed',
    );
    expect(r.data).toMatchObject({ joinSeconds: 40, joinsPerSecond: 250, connectSeconds: 25 });
    expect(r.charts[0]!.series[0]!.data).toEqual([
      { x: 0, y: 0 },
      { x: 40, y: 10_000 },
    ]);
  });

  it('passes the step failures on, and has no rate for a step that took no time', () => {
    const failures = ['N=10 join: 1 of 10 failed (first: #3: handshake refused with HTTP 429)'];
    const r = joinResult({ size: 10, connect: stepReport(10, 1), join: stepReport(9, 2, 1), failures });
    expect(r.failures).toEqual(failures);
    expect(r.line).toContain('1 failed');
    expect(joinsPerSecond(stepReport(0, 0))).toBeUndefined();
  });
});
