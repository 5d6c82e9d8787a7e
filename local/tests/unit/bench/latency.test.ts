import {
  createLatencyHistogram,
  decodeHistogram,
  DISTRIBUTION_PERCENTILES,
  encodeHistogram,
  histogramOf,
  latencyDistribution,
  recordMs,
  summarizeLatency,
} from '../../../bench/latency';

describe('latency histograms', () => {
  it('summarises milliseconds to within 0.1 %', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => i + 1);
    const summary = summarizeLatency(histogramOf(samples))!;
    expect(summary.count).toBe(1000);
    expect(summary.minMs).toBeCloseTo(1, 2);
    expect(summary.p50Ms).toBeGreaterThanOrEqual(499.5);
    expect(summary.p50Ms).toBeLessThanOrEqual(501);
    expect(summary.p95Ms).toBeCloseTo(950, -1);
    expect(summary.p99Ms).toBeCloseTo(990, -1);
    expect(summary.maxMs).toBeCloseTo(1000, 0);
    expect(summary.meanMs).toBeCloseTo(500.5, 0);
  });

  it('keeps sub-millisecond latencies (the baseline’s) apart', () => {
    const summary = summarizeLatency(histogramOf([0.25, 0.5, 0.75]))!;
    expect(summary.minMs).toBeCloseTo(0.25, 3);
    expect(summary.maxMs).toBeCloseTo(0.75, 3);
  });

  it('records negative clock noise as zero', () => {
    const histogram = createLatencyHistogram();
    recordMs(histogram, -3);
    expect(summarizeLatency(histogram)?.maxMs).toBe(0);
  });

  it('is undefined / empty for no samples', () => {
    expect(summarizeLatency(histogramOf([]))).toBeUndefined();
    expect(latencyDistribution(histogramOf([]))).toEqual([]);
  });

  it('survives the trip from the fleet as compressed base64', () => {
    const histogram = histogramOf([1, 2, 3, 50, 700]);
    const copy = decodeHistogram(encodeHistogram(histogram));
    expect(summarizeLatency(copy)).toEqual(summarizeLatency(histogram));
  });

  it('gives the distribution at every charted percentile, ending at the max', () => {
    const points = latencyDistribution(histogramOf([10, 20, 30, 40, 1000]));
    expect(points.map((p) => p.percentile)).toEqual([...DISTRIBUTION_PERCENTILES]);
    expect(points[points.length - 1]!.ms).toBeCloseTo(1000, 0);
    for (let i = 1; i < points.length; i += 1)
      expect(points[i]!.ms).toBeGreaterThanOrEqual(points[i - 1]!.ms);
  });
});
