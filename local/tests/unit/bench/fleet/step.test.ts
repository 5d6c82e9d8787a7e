import { runStep } from '../../../../bench/fleet/step';

describe('runStep', () => {
  it('runs every index with bounded concurrency and counts failures with their reasons', async () => {
    let inFlight = 0;
    let peak = 0;
    const progress: number[] = [];
    const report = await runStep(
      10,
      3,
      async (index) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight -= 1;
        if (index % 4 === 0) throw new Error(`member ${index} refused`);
      },
      (done, failed) => progress.push(done + failed),
      0,
    );
    expect(peak).toBe(3);
    expect(report).toMatchObject({ done: 7, failed: 3 });
    expect(report.errors).toEqual(['#0: member 0 refused', '#4: member 4 refused', '#8: member 8 refused']);
    expect(progress[progress.length - 1]).toBe(10);
    expect(report.curve[0]).toEqual([0, 0]);
    expect(report.curve[report.curve.length - 1]![1]).toBe(7);
  });

  it('keeps only the first five errors', async () => {
    const report = await runStep(
      9,
      2,
      () => Promise.reject(new Error('no')),
      () => undefined,
    );
    expect(report.failed).toBe(9);
    expect(report.errors).toHaveLength(5);
  });
});
