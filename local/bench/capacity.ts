// The capacity model of docs/architecture.md#capacity-model, the one both `npm run plan` and the
// bench's synthetic scenario evaluate:
//   T(N) ≈ T0 + max( ⌈b·K/c⌉·L , fleet(N·(1+s)) , (N − B)/R )
// one invocation's posts (b jobs of K ids, c in flight, L per call); the time the SQS-triggered
// fleet needs for every call while it ramps (+300 concurrent a minute from 5, up to W); and the
// account throttle past its burst. The output is a projection from a formula, never a measurement.
import { AWS_PRICES, type AwsPrices } from './prices';

/** AWS account defaults (API Gateway throttle, PostToConnection included). */
export const AWS_ACCOUNT_RATE_PER_SECOND = 10_000;
export const AWS_ACCOUNT_BURST = 5_000;
/** SQS event source scaling: 5 concurrent batches at first, up to 300 more a minute, at most 1,000. */
export const SQS_RAMP_INITIAL = 5;
export const SQS_RAMP_PER_MINUTE = 300;
export const SQS_MAX_CONCURRENCY = 1_000;
/** SendMessageBatch takes at most 10 jobs. */
export const SEND_BATCH_MAX = 10;
/** A room-member item (pk, sk, ids, name, ttl) as the dispatcher's Query reads it, bytes. */
export const ROOM_MEMBER_ITEM_BYTES = 150;

export interface PlanInputs {
  /** N: recipients of one message. */
  recipients: number;
  /** K: connection ids per delivery job. */
  batchSize: number;
  /** c: PostToConnection calls in flight per worker. */
  inFlight: number;
  /** L: latency of one PostToConnection, seconds. */
  perCallLatencySeconds: number;
  /** R: account rate, requests per second. */
  ratePerSecond: number;
  /** B: the throttle's bucket, requests allowed at once before R applies. */
  burst: number;
  /** W: the deliver trigger's maximumConcurrency. */
  maxConcurrency: number;
  /** Reserved concurrency of the deliver function, when set (caps the fleet like W). */
  reservedConcurrency?: number;
  /** Concurrent workers when the message arrives (5 for an idle queue, W for a busy fleet). */
  initialConcurrency: number;
  /** Jobs per worker invocation (the trigger's batchSize). */
  triggerBatchSize: number;
  memoryMb: number;
  /** 429s retried per delivery; estimated from the fleet's over-subscription of R when absent. */
  retryShare?: number;
  /** T0: write → stream → dispatch → enqueue, seconds. */
  t0Seconds: number;
  /**
   * dispatchInlineMax: a room of one job (N ≤ K) up to this size is posted by the dispatcher
   * itself, no job enqueued and no worker invoked; 0 or absent = every room through the queue.
   */
  inlineMax?: number;
}

export type Bound = 'dispatcher (inline)' | 'one invocation' | 'worker fleet' | 'account rate';

export interface FanOutPlan {
  inputs: PlanInputs;
  jobs: number;
  /** Delivery worker invocations (jobs / trigger batch size). */
  invocations: number;
  timing: {
    t0Seconds: number;
    /** ⌈min(b·K, N)/c⌉·L·(1 + s): one invocation's posts. */
    invocationSeconds: number;
    /** Time the ramping fleet needs for all N·(1 + s) calls. */
    fleetSeconds: number;
    /** (N − B)/R, never below 0. */
    rateSeconds: number;
    boundBy: Bound;
    /** T0 + the largest term. */
    totalSeconds: number;
  };
  workers: {
    /** min(W, reserved, 1,000, invocations): the most that can run at once. */
    cap: number;
    /** Concurrency reached by the end of the fan-out. */
    peak: number;
    /** ⌈R·L/c⌉: workers whose posts match the account rate. */
    toMatchRate: number;
    /** cap·c/L: the posts per second the capped fleet offers. */
    offeredPostsPerSecond: number;
  };
  retries: { share: number; estimated: boolean; count: number };
  sqs: { sendBatches: number; receives: number; deletes: number; total: number };
  lambda: { invocations: number; busySeconds: number; gbSeconds: number };
  dynamoReadUnits: number;
  apiGatewayMessages: number;
  costUsd: {
    apiGateway: number;
    sqs: number;
    lambda: number;
    dynamo: number;
    perMessage: number;
    perMillionDeliveries: number;
  };
  prices: AwsPrices;
}

/** Workers as a function of time: a linear ramp from `initial` at `perSecond`, held at `cap`. */
export interface Ramp {
  initial: number;
  perSecond: number;
  cap: number;
}

/** Worker-seconds the ramp has run by time t (∫₀ᵗ min(cap, initial + perSecond·u) du). */
export function workerSecondsBy(ramp: Ramp, t: number): number {
  const start = Math.min(ramp.initial, ramp.cap);
  if (start >= ramp.cap || ramp.perSecond <= 0) return start * t;
  const rampEnd = (ramp.cap - start) / ramp.perSecond;
  if (t <= rampEnd) return start * t + (ramp.perSecond * t * t) / 2;
  return start * rampEnd + (ramp.perSecond * rampEnd * rampEnd) / 2 + ramp.cap * (t - rampEnd);
}

/** The time by which the ramp has run `workerSeconds` (the inverse of workerSecondsBy). */
export function timeForWorkerSeconds(ramp: Ramp, workerSeconds: number): number {
  if (workerSeconds <= 0) return 0;
  const start = Math.min(ramp.initial, ramp.cap);
  if (start >= ramp.cap || ramp.perSecond <= 0) return workerSeconds / start;
  const rampEnd = (ramp.cap - start) / ramp.perSecond;
  const inRamp = workerSecondsBy(ramp, rampEnd);
  if (workerSeconds > inRamp) return rampEnd + (workerSeconds - inRamp) / ramp.cap;
  // perSecond/2·t² + start·t − workerSeconds = 0
  return (-start + Math.sqrt(start * start + 2 * ramp.perSecond * workerSeconds)) / ramp.perSecond;
}

/** Concurrency of the ramp at time t. */
export function concurrencyAt(ramp: Ramp, t: number): number {
  return Math.min(ramp.cap, Math.min(ramp.initial, ramp.cap) + ramp.perSecond * t);
}

function check(inputs: PlanInputs): void {
  const positive = {
    recipients: inputs.recipients,
    batchSize: inputs.batchSize,
    inFlight: inputs.inFlight,
    ratePerSecond: inputs.ratePerSecond,
    maxConcurrency: inputs.maxConcurrency,
    initialConcurrency: inputs.initialConcurrency,
    triggerBatchSize: inputs.triggerBatchSize,
    memoryMb: inputs.memoryMb,
    reservedConcurrency: inputs.reservedConcurrency ?? 1,
  };
  for (const [name, value] of Object.entries(positive)) {
    if (!(value > 0) || !Number.isFinite(value))
      throw new RangeError(`${name} must be positive (got ${value})`);
  }
  const nonNegative = {
    perCallLatencySeconds: inputs.perCallLatencySeconds,
    burst: inputs.burst,
    t0Seconds: inputs.t0Seconds,
    retryShare: inputs.retryShare ?? 0,
    inlineMax: inputs.inlineMax ?? 0,
  };
  for (const [name, value] of Object.entries(nonNegative)) {
    if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be ≥ 0 (got ${value})`);
  }
}

/**
 * The share of deliveries that meet an empty bucket at least once: past the burst, a fleet that
 * offers X posts/s against R gets 1 − R/X of its attempts answered 429.
 */
export function estimatedRetryShare(
  recipients: number,
  burst: number,
  rate: number,
  offered: number,
): number {
  if (recipients <= burst || offered <= rate) return 0;
  return (1 - rate / offered) * ((recipients - burst) / recipients);
}

export function planFanOut(inputs: PlanInputs, prices: AwsPrices = AWS_PRICES): FanOutPlan {
  check(inputs);
  const N = inputs.recipients;
  const { batchSize: K, inFlight: c, perCallLatencySeconds: L, ratePerSecond: R, burst: B } = inputs;
  // A room of one job within dispatchInlineMax: the dispatcher is the only poster (a fleet of 1).
  const inline = N <= Math.min(inputs.inlineMax ?? 0, K);
  const jobs = inline ? 0 : Math.ceil(N / K);
  const invocations = Math.ceil(jobs / inputs.triggerBatchSize);
  const cap = inline
    ? 1
    : Math.min(
        inputs.maxConcurrency,
        inputs.reservedConcurrency ?? Infinity,
        SQS_MAX_CONCURRENCY,
        invocations,
      );
  const ramp: Ramp = { initial: inputs.initialConcurrency, perSecond: SQS_RAMP_PER_MINUTE / 60, cap };
  const offeredPostsPerSecond = L > 0 ? (cap * c) / L : Infinity;
  const estimated = inputs.retryShare === undefined;
  const share = inputs.retryShare ?? estimatedRetryShare(N, B, R, offeredPostsPerSecond);
  const calls = N * (1 + share);

  const invocationSeconds = Math.ceil(Math.min(inputs.triggerBatchSize * K, N) / c) * L * (1 + share);
  const fleetSeconds = inline ? 0 : timeForWorkerSeconds(ramp, (calls * L) / c);
  const rateSeconds = Math.max(0, (N - B) / R);
  const terms: Array<[Bound, number]> = [
    [inline ? 'dispatcher (inline)' : 'one invocation', invocationSeconds],
    ['worker fleet', fleetSeconds],
    ['account rate', rateSeconds],
  ];
  const [boundBy, fanOutSeconds] = terms.reduce((max, term) => (term[1] > max[1] ? term : max));

  // Workers stay busy for the whole fan-out when the rate holds them back (they wait on 429s).
  // Inline, the posts are the dispatcher's own busy time (its paging is left out, as always).
  const busySeconds = inline
    ? fanOutSeconds
    : Math.max(invocations * invocationSeconds, workerSecondsBy(ramp, fanOutSeconds));
  const gbSeconds = (busySeconds * inputs.memoryMb) / 1024;
  const sendBatches = Math.ceil(jobs / SEND_BATCH_MAX);
  const sqsTotal = sendBatches + 2 * invocations;
  const lambdaInvocations = invocations + 1; // + the dispatcher's
  const dynamoReadUnits = Math.ceil((N * ROOM_MEMBER_ITEM_BYTES) / 4096) * 0.5;
  const apiGatewayMessages = N + 2; // every post, plus the sendMessage frame and its ack
  const cost = {
    apiGateway: apiGatewayMessages * prices.apiGatewayMessage,
    sqs: sqsTotal * prices.sqsRequest,
    lambda: lambdaInvocations * prices.lambdaRequest + gbSeconds * prices.lambdaGbSecond,
    dynamo: dynamoReadUnits * prices.dynamoReadUnit,
  };
  const perMessage = cost.apiGateway + cost.sqs + cost.lambda + cost.dynamo;
  return {
    inputs,
    jobs,
    invocations,
    timing: {
      t0Seconds: inputs.t0Seconds,
      invocationSeconds,
      fleetSeconds,
      rateSeconds,
      boundBy,
      totalSeconds: inputs.t0Seconds + fanOutSeconds,
    },
    workers: {
      cap,
      peak: inline ? 1 : concurrencyAt(ramp, fanOutSeconds),
      toMatchRate: L > 0 ? Math.ceil((R * L) / c) : 1,
      offeredPostsPerSecond,
    },
    retries: { share, estimated, count: Math.round(N * share) },
    sqs: { sendBatches, receives: invocations, deletes: invocations, total: sqsTotal },
    lambda: { invocations: lambdaInvocations, busySeconds, gbSeconds },
    dynamoReadUnits,
    apiGatewayMessages,
    costUsd: { ...cost, perMessage, perMillionDeliveries: (perMessage / N) * 1_000_000 },
    prices,
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
