// sustained: many rooms under an open-loop message rate — deliveries/s and end-to-end latency
// percentiles of every single copy, from the fleet's HDR histogram.
import type { SustainedOptions } from '../args';
import { formatTally, tallyFailures } from '../deliveries';
import type { CollectReport, StepReport, SustainReport } from '../fleet/protocol';
import { decodeHistogram, latencyDistribution, summarizeLatency, type LatencySummary } from '../latency';
import { latencyChart, rateOverTimeChart } from '../report/charts';
import type { ScenarioResult } from '../report/types';
import { ms } from '../table';

export interface SustainedMeasurement {
  settings: SustainedOptions;
  roomSizes: number[];
  connect: StepReport;
  join: StepReport;
  load: SustainReport;
  collected: CollectReport;
  failures: string[];
}

export interface SustainedFigures {
  members: number;
  /** rate × mean room size: what the schedule asked for. */
  offeredDeliveriesPerSecond: number;
  /** First copies / (first send → last first copy). */
  deliveriesPerSecond?: number;
  latencyMs?: LatencySummary;
  ackMs?: LatencySummary;
}

export function sustainedFigures(m: SustainedMeasurement): SustainedFigures {
  const members = m.roomSizes.reduce((sum, v) => sum + v, 0);
  const meanRoom = m.roomSizes.length === 0 ? 0 : members / m.roomSizes.length;
  const unique = m.collected.tally.received - m.collected.tally.duplicates;
  const figures: SustainedFigures = { members, offeredDeliveriesPerSecond: m.settings.rate * meanRoom };
  if (m.collected.spanMs > 0) figures.deliveriesPerSecond = (unique * 1000) / m.collected.spanMs;
  const latency = summarizeLatency(decodeHistogram(m.collected.latency));
  if (latency !== undefined) figures.latencyMs = latency;
  const ack = summarizeLatency(decodeHistogram(m.collected.ack));
  if (ack !== undefined) figures.ackMs = ack;
  return figures;
}

const n = (v: number | undefined): string => (v === undefined ? '–' : Math.round(v).toLocaleString('en-US'));

export function sustainedResult(m: SustainedMeasurement): ScenarioResult {
  const f = sustainedFigures(m);
  const s = m.settings;
  const l = f.latencyMs;
  const failures = [...m.failures, ...tallyFailures('sustained', m.collected.tally)];
  if (!m.load.drained)
    failures.push(`sustained: copies still missing ${s.drainSeconds} s after the last send`);
  const range = s.minMembers === s.maxMembers ? `${s.minMembers}` : `${s.minMembers}–${s.maxMembers}`;
  return {
    scenario: 'sustained',
    label: `${s.rooms} rooms`,
    line:
      `sustained ${s.rooms} rooms × ${range} members (${n(f.members)}), ${s.senders} senders/room, ` +
      `${s.rate} msg/s for ${s.seconds} s: ${n(f.deliveriesPerSecond)} deliveries/s (offered ${n(f.offeredDeliveriesPerSecond)}); ` +
      `send→copy p50 ${ms(l?.p50Ms) ?? '–'} ms, p95 ${ms(l?.p95Ms) ?? '–'}, p99 ${ms(l?.p99Ms) ?? '–'}, max ${ms(l?.maxMs) ?? '–'}; ` +
      `${formatTally(m.collected.tally)}`,
    failures,
    data: {
      settings: s,
      roomSizes: m.roomSizes,
      ...f,
      load: m.load,
      tally: m.collected.tally,
      refusals: m.collected.refusals,
      connectSeconds: m.connect.seconds,
      joinSeconds: m.join.seconds,
      timeline: m.collected.timeline,
      bucketMs: m.collected.bucketMs,
    },
    charts: [
      latencyChart('sustained-latency', 'Sustained load: send → each copy', [
        { label: 'Chorus', points: latencyDistribution(decodeHistogram(m.collected.latency)) },
      ]),
      rateOverTimeChart('sustained-rate', 'Sustained load: deliveries over time', 'deliveries/s', [
        { label: 'deliveries/s', counts: m.collected.timeline, bucketMs: m.collected.bucketMs },
      ]),
    ],
    tables: [],
  };
}
