import { COLD_START_TARGET_SECONDS, coldStartResult } from '../../../../bench/scenarios/coldStart';

describe('coldStartResult', () => {
  it('prints the median, min and max ready time against the target', () => {
    const r = coldStartResult([
      { readySeconds: 7.05, wallSeconds: 8 },
      { readySeconds: 4.41, wallSeconds: 6 },
      { readySeconds: 7.52, wallSeconds: 9 },
    ]);
    expect(r.line).toBe(
      `cold-start 3 runs: ready p50 7.05 s (min 4.41, max 7.52); spawn → endpoints p50 8.00 s; target ≤ ${COLD_START_TARGET_SECONDS} s`,
    );
    expect(r.tables[0]!.rows).toHaveLength(3);
    expect(r.failures).toEqual([]);
  });
});
