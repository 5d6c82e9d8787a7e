// Builders of fleet reports for the scenario result tests (fresh objects per call).
import { EMPTY_TALLY, type DeliveryTally } from '../../../../bench/deliveries';
import type { CollectReport, StepReport } from '../../../../bench/fleet/protocol';
import { encodeHistogram, histogramOf } from '../../../../bench/latency';

export function collectReport(latenciesMs: number[], tally: Partial<DeliveryTally> = {}): CollectReport {
  return {
    tally: { ...EMPTY_TALLY, ...tally },
    latency: encodeHistogram(histogramOf(latenciesMs)),
    ack: encodeHistogram(histogramOf([])),
    timeline: [],
    bucketMs: 1000,
    refusals: [],
    spanMs: 0,
    unknownCopies: 0,
    unexpectedCloses: 0,
  };
}

export function stepReport(done: number, seconds: number, failed = 0): StepReport {
  return {
    done,
    failed,
    aborted: false,
    seconds,
    errors: failed > 0 ? ['#3: handshake refused with HTTP 429'] : [],
    curve: [
      [0, 0],
      [seconds, done],
    ],
  };
}
