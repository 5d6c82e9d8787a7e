// The capacity model of docs/architecture.md#capacity-model, evaluated for AWS with the stage's parameters:
//   T(N) ≈ T0 + max(K·L/c, (N − burst)/R)
// K = deliveryBatchSize (connections per delivery job), c = deliveryInFlight (posts in flight per
// worker), L = latency of one PostToConnection, R = the account's API Gateway rate (10,000/s, burst
// 5,000). The output is a projection from a formula, never a measurement.

/** AWS account defaults the model assumes (API Gateway throttle, incl. PostToConnection). */
export const AWS_ACCOUNT_RATE_PER_SECOND = 10_000;
export const AWS_ACCOUNT_BURST = 5_000;
/** docs/architecture.md#capacity-model: ≈ $1.1 per million deliveries, ~90 % of it API Gateway. */
export const USD_PER_MILLION_DELIVERIES = 1.1;

export interface CapacityInputs {
  /** N: recipients of one message. */
  recipients: number;
  /** K: connection ids per delivery job. */
  batchSize: number;
  /** c: PostToConnection calls in flight per worker. */
  inFlight: number;
  /** L: latency of one PostToConnection, seconds. */
  perCallLatencySeconds: number;
  /** R: account rate, requests per second. */
  ratePerSecond?: number;
  burst?: number;
}

export interface CapacityProjection {
  recipients: number;
  /** K·L/c: time one worker needs for one job of K connections. */
  workerSeconds: number;
  /** (N − burst)/R, never below 0: time the account throttle adds past the burst. */
  rateSeconds: number;
  /** Which term dominates. */
  boundBy: 'worker' | 'account rate';
  /** T(N) − T0 = max of the two terms. */
  secondsAboveT0: number;
  estimatedCostUsd: number;
}

export function projectFanOut(inputs: CapacityInputs): CapacityProjection {
  const { recipients, batchSize, inFlight, perCallLatencySeconds } = inputs;
  const rate = inputs.ratePerSecond ?? AWS_ACCOUNT_RATE_PER_SECOND;
  const burst = inputs.burst ?? AWS_ACCOUNT_BURST;
  for (const [name, value] of Object.entries({ recipients, batchSize, inFlight, rate })) {
    if (!(value > 0)) throw new RangeError(`${name} must be positive (got ${value})`);
  }
  if (!(perCallLatencySeconds >= 0)) throw new RangeError(`perCallLatencySeconds must be ≥ 0`);
  const workerSeconds = (batchSize * perCallLatencySeconds) / inFlight;
  const rateSeconds = Math.max(0, (recipients - burst) / rate);
  return {
    recipients,
    workerSeconds,
    rateSeconds,
    boundBy: rateSeconds > workerSeconds ? 'account rate' : 'worker',
    secondsAboveT0: Math.max(workerSeconds, rateSeconds),
    estimatedCostUsd: (recipients / 1_000_000) * USD_PER_MILLION_DELIVERIES,
  };
}

/** The post rate W workers with c calls in flight can sustain at latency L: W·c/L per second. */
export function workerPostRate(
  maxConcurrency: number,
  inFlight: number,
  perCallLatencySeconds: number,
): number {
  return perCallLatencySeconds > 0 ? (maxConcurrency * inFlight) / perCallLatencySeconds : Infinity;
}
