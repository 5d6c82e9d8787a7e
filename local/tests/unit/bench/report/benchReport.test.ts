import { buildBenchReport, verdictLines } from '../../../../bench/report/benchReport';
import { errorLine, failureResult } from '../../../../bench/report/failure';

const machine = {
  cpus: 2,
  cpuModel: 'x',
  totalMemGiB: 1,
  node: '24',
  platform: 'linux',
  loadAverage: { start: 0, end: 0 },
};

describe('the JSON report', () => {
  it('has the run’s metadata, its results and every failure prefixed with its scenario', () => {
    const ok = { ...failureResult('join', 'N=2', []), line: 'join N=2: fine' };
    const bad = failureResult('fanout', 'N=10', ['N=10 Chorus: 3 of 30 deliveries missing']);
    const report = buildBenchReport({
      startedAt: 'a',
      finishedAt: 'b',
      machine,
      options: { sizes: [2] },
      results: [ok, bad],
    });
    expect(Object.keys(report)).toEqual([
      'startedAt',
      'finishedAt',
      'machine',
      'options',
      'results',
      'failures',
    ]);
    expect(report.results.map((r) => r.scenario)).toEqual(['join', 'fanout']);
    expect(report.failures).toEqual(['fanout: N=10 Chorus: 3 of 30 deliveries missing']);
    expect(verdictLines(report)).toEqual([
      'bench FAILED (1):',
      '  ✖ fanout: N=10 Chorus: 3 of 30 deliveries missing',
    ]);
    expect(verdictLines({ ...report, failures: [] })[0]).toMatch(/^bench OK: 2 results/);
  });

  it('turns a crash into a failing result with a one-line reason', () => {
    const crash = failureResult('sustained', 'crashed', [errorLine(new Error('fleet exited\n  at x'))]);
    expect(crash.line).toBe('sustained crashed: ✖ fleet exited');
    expect(crash.failures).toEqual(['fleet exited']);
    expect(errorLine('plain')).toBe('plain');
  });
});
