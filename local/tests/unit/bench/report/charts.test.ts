import { barChart, curveChart, latencyChart, rateOverTimeChart } from '../../../../bench/report/charts';

describe('chart specs', () => {
  it('plots a latency distribution per series at the charted percentiles', () => {
    const chart = latencyChart('l', 'Latency', [
      {
        label: 'Chorus',
        points: [
          { percentile: 50, ms: 10 },
          { percentile: 100, ms: 40 },
        ],
      },
    ]);
    expect(chart).toMatchObject({ kind: 'line', xType: 'category', yType: 'logarithmic' });
    expect(chart.labels?.[1]).toBe('p50');
    expect(chart.series[0]!.data[1]).toBe(10);
    expect(chart.series[0]!.data[chart.series[0]!.data.length - 1]).toBe(40);
  });

  it('turns counts per bucket into a rate per second at the end of each bucket', () => {
    const chart = rateOverTimeChart('r', 'Rate', 'deliveries/s', [
      { label: 'd', counts: [5, 10], bucketMs: 500 },
    ]);
    expect(chart.series[0]!.data).toEqual([
      { x: 0.5, y: 10 },
      { x: 1, y: 20 },
    ]);
  });

  it('makes curves from (x, y) pairs and bars per category', () => {
    expect(curveChart('c', 'C', 's', 'n', [{ label: 'j', points: [[1, 2]] }]).series[0]!.data).toEqual([
      { x: 1, y: 2 },
    ]);
    const bars = barChart('b', 'B', 'ms', ['N=2', 'N=10'], [{ label: 'x', values: [1, 2] }], 'logarithmic');
    expect(bars).toMatchObject({ kind: 'bar', labels: ['N=2', 'N=10'], yType: 'logarithmic' });
  });
});
