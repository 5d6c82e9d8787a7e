// Latencies are recorded in HDR histograms (microsecond integers, 3 significant digits) so a run
// of millions of deliveries keeps every percentile in a few kilobytes and travels from the client
// fleet to the runner as one compressed base64 string. Every figure, max included, is the upper
// end of its bucket (within 0.1 % of the sample), so it reads the same after that trip.
import {
  build,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from 'hdr-histogram-js';

export type LatencyHistogram = Histogram;

/** The percentiles every latency line and chart shows, in this order. */
export const DISTRIBUTION_PERCENTILES = [0, 50, 75, 90, 95, 99, 99.9, 99.99, 100] as const;

export interface LatencySummary {
  count: number;
  minMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** One point of the latency distribution chart: the latency at or below which `percentile` % fall. */
export interface DistributionPoint {
  percentile: number;
  ms: number;
}

export function createLatencyHistogram(): LatencyHistogram {
  return build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

/** Records one latency given in (fractional) milliseconds; negative clock noise counts as 0. */
export function recordMs(histogram: LatencyHistogram, ms: number): void {
  histogram.recordValue(Math.max(0, Math.round(ms * 1000)));
}

export function encodeHistogram(histogram: LatencyHistogram): string {
  return encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: string): LatencyHistogram {
  return decodeFromCompressedBase64(encoded);
}

/** Count and percentiles in milliseconds, or undefined for an empty histogram. */
export function summarizeLatency(histogram: LatencyHistogram): LatencySummary | undefined {
  if (histogram.totalCount === 0) return undefined;
  const at = (p: number): number => histogram.getValueAtPercentile(p) / 1000;
  return {
    count: histogram.totalCount,
    minMs: at(0),
    p50Ms: at(50),
    p95Ms: at(95),
    p99Ms: at(99),
    // The bucket's value, like every percentile, so a figure is the same after the IPC round trip.
    maxMs: at(100),
    meanMs: histogram.mean / 1000,
  };
}

export function latencyDistribution(histogram: LatencyHistogram): DistributionPoint[] {
  if (histogram.totalCount === 0) return [];
  return DISTRIBUTION_PERCENTILES.map((percentile) => ({
    percentile,
    ms: histogram.getValueAtPercentile(percentile) / 1000,
  }));
}

/** The histogram of a list of millisecond samples (for per-message figures such as send → last). */
export function histogramOf(samplesMs: readonly number[]): LatencyHistogram {
  const histogram = createLatencyHistogram();
  for (const ms of samplesMs) recordMs(histogram, ms);
  return histogram;
}
