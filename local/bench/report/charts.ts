// Chart specs shared by the scenarios: the latency distribution of one or more HDR histograms,
// a rate over time, and a grouped bar chart per category.
import type { DistributionPoint } from '../latency';
import { DISTRIBUTION_PERCENTILES } from '../latency';
import type { ChartSpec, XY } from './types';

export function latencyChart(
  id: string,
  title: string,
  series: ReadonlyArray<{ label: string; points: readonly DistributionPoint[] }>,
): ChartSpec {
  const labels = DISTRIBUTION_PERCENTILES.map((p) => `p${p}`);
  return {
    id,
    title,
    kind: 'line',
    xLabel: 'percentile of deliveries',
    yLabel: 'send → receipt, ms',
    xType: 'category',
    yType: 'logarithmic',
    labels,
    series: series.map((s) => ({
      label: s.label,
      data: DISTRIBUTION_PERCENTILES.map((p) => s.points.find((point) => point.percentile === p)?.ms ?? 0),
    })),
  };
}

/** Counts per bucket of `bucketMs` as a rate per second over time. */
export function rateOverTimeChart(
  id: string,
  title: string,
  yLabel: string,
  series: ReadonlyArray<{ label: string; counts: readonly number[]; bucketMs: number }>,
): ChartSpec {
  return {
    id,
    title,
    kind: 'line',
    xLabel: 'seconds since the first send',
    yLabel,
    xType: 'linear',
    yType: 'linear',
    series: series.map((s) => ({
      label: s.label,
      data: s.counts.map((count, i): XY => ({
        x: ((i + 1) * s.bucketMs) / 1000,
        y: (count * 1000) / s.bucketMs,
      })),
    })),
  };
}

export function curveChart(
  id: string,
  title: string,
  xLabel: string,
  yLabel: string,
  series: ReadonlyArray<{ label: string; points: ReadonlyArray<readonly [number, number]> }>,
): ChartSpec {
  return {
    id,
    title,
    kind: 'line',
    xLabel,
    yLabel,
    xType: 'linear',
    yType: 'linear',
    series: series.map((s) => ({ label: s.label, data: s.points.map(([x, y]) => ({ x, y })) })),
  };
}

export function barChart(
  id: string,
  title: string,
  yLabel: string,
  labels: readonly string[],
  series: ReadonlyArray<{ label: string; values: readonly number[] }>,
  yType: ChartSpec['yType'] = 'linear',
): ChartSpec {
  return {
    id,
    title,
    kind: 'bar',
    xLabel: '',
    yLabel,
    xType: 'category',
    yType,
    labels: [...labels],
    series: series.map((s) => ({ label: s.label, data: [...s.values] })),
  };
}
