// What the fan-out measures and logs, behind small interfaces so the core never depends on how
// it is published (Powertools EMF in Lambda, fakes in tests).
import type { Logger } from '@aws-lambda-powertools/logger';
import type { FanoutConfig } from './config';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';

export type FanoutCounter =
  /** Delivery jobs put on the queue by the dispatcher. */
  | 'JobsEnqueued'
  /** Messages whose small room the dispatcher posted itself (DISPATCH_INLINE_MAX), no job enqueued. */
  | 'DispatchedInline'
  /** Successful PostToConnection calls. */
  | 'Deliveries'
  /** 410: the recipient was gone and its rows were deleted. */
  | 'DeliveryGone'
  /** 403/413/other 4xx: dropped, retrying cannot help. */
  | 'DeliveryRejected'
  /** 429 LimitExceeded answers (each one, retried or not). */
  | 'DeliveryThrottled'
  /** Connections put back on the queue in a new job after in-process retries ran out. */
  | 'DeliveryRequeued'
  /** Connections not reached before the invocation's deadline, re-enqueued at the same attempt. */
  | 'DeliveryUnfinished'
  /** Connections parked in the DLQ after DELIVERY_MAX_ATTEMPTS. */
  | 'DeliveryDeadLettered'
  /** Stream records that can never be dispatched, set aside in the dispatch-failures queue. */
  | 'UndeliverableRecords';

export interface FanoutMetrics {
  count(name: FanoutCounter, value?: number): void;
  /** Duration of one PostToConnection call (the L of the capacity model). */
  deliveryLatency(ms: number): void;
}

export class PowertoolsFanoutMetrics implements FanoutMetrics {
  public constructor(private readonly metrics: Metrics) {}

  public count(name: FanoutCounter, value = 1): void {
    if (value > 0) this.metrics.addMetric(name, MetricUnit.Count, value);
  }

  public deliveryLatency(ms: number): void {
    this.metrics.addMetric('DeliveryLatency', MetricUnit.Milliseconds, ms);
  }
}

/** The operator's knobs as they reached this container (stage params → environment). */
export type FanoutKnobs = Pick<
  FanoutConfig,
  | 'deliveryBatchSize'
  | 'deliveryInFlight'
  | 'deliveryMaxAttempts'
  | 'roomShards'
  | 'dispatchExpandAfter'
  | 'dispatchInlineMax'
>;

const KNOB_METRICS: Record<keyof FanoutKnobs, string> = {
  deliveryBatchSize: 'KnobDeliveryBatchSize',
  deliveryInFlight: 'KnobDeliveryInFlight',
  deliveryMaxAttempts: 'KnobDeliveryMaxAttempts',
  roomShards: 'KnobRoomShards',
  dispatchExpandAfter: 'KnobDispatchExpandAfter',
  dispatchInlineMax: 'KnobDispatchInlineMax',
};

/**
 * Records the knobs once per container (published with its first invocation's metrics) and logs
 * them, so an operator sees in CloudWatch which K, c, S… a stage really runs with after a change.
 */
export function recordKnobs(
  metrics: Pick<Metrics, 'addMetric'>,
  log: Pick<Logger, 'info'>,
  knobs: FanoutKnobs,
): void {
  for (const [knob, metric] of Object.entries(KNOB_METRICS) as Array<[keyof FanoutKnobs, string]>) {
    metrics.addMetric(metric, MetricUnit.Count, knobs[knob]);
  }
  log.info('Fan-out knobs', { ...knobs });
}
