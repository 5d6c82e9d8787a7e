// The planner's text output: one block a person reads top to bottom (what bounds the time first,
// then what it costs). `--json` prints the FanOutPlan itself instead.
import type { Bound, FanOutPlan } from '../capacity';

const count = (value: number): string => Math.round(value).toLocaleString('en-US');
const seconds = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} s`;
const usd = (value: number): string => `$${value < 0.01 ? value.toPrecision(3) : value.toFixed(4)}`;

const BOUND_TEXT: Record<Bound, string> = {
  'dispatcher (inline)': 'the dispatcher posting the room itself (⌈N/c⌉·L, dispatchInlineMax)',
  'one invocation': 'one invocation (⌈b·K/c⌉·L)',
  'worker fleet': 'the worker fleet (its SQS ramp and W·c/L)',
  'account rate': 'the account rate ((N − B)/R)',
};

export function formatPlan(plan: FanOutPlan): string {
  const i = plan.inputs;
  const t = plan.timing;
  const retries = plan.retries.estimated ? 'estimated from W·c/L over R' : 'given by --retry-share';
  const lines = [
    `Fan-out plan for a room of ${count(i.recipients)}: K ${i.batchSize}, c ${i.inFlight}, ` +
      `L ${(i.perCallLatencySeconds * 1000).toFixed(1)} ms, R ${count(i.ratePerSecond)}/s burst ${count(i.burst)}, ` +
      `W ${i.maxConcurrency}${i.reservedConcurrency === undefined ? '' : ` (reserved ${i.reservedConcurrency})`} ` +
      `from ${i.initialConcurrency} workers, b ${i.triggerBatchSize}, ${i.memoryMb} MB`,
    `  fan-out time   ${seconds(t.totalSeconds)} = T0 ${seconds(t.t0Seconds)} + ${seconds(t.totalSeconds - t.t0Seconds)}, bound by ${BOUND_TEXT[t.boundBy]}`,
    `                 one invocation ${seconds(t.invocationSeconds)} · worker fleet ${seconds(t.fleetSeconds)} · account rate ${seconds(t.rateSeconds)}`,
    plan.jobs === 0 && i.recipients > 0
      ? `  jobs           none: the dispatcher posts a room of at most ${count(i.inlineMax ?? 0)} itself (--inline-max)`
      : `  jobs           ${count(plan.jobs)} jobs in ${count(plan.invocations)} worker invocations`,
    `  workers        peak ${count(plan.workers.peak)} of a cap of ${count(plan.workers.cap)} ` +
      `(offering ${count(plan.workers.offeredPostsPerSecond)} posts/s); ${count(plan.workers.toMatchRate)} match R`,
    `  429 retries    ${count(plan.retries.count)} (${plan.retries.share.toFixed(3)} per delivery, ${retries})`,
    `  SQS requests   ${count(plan.sqs.total)} = ${count(plan.sqs.sendBatches)} send batches + ` +
      `${count(plan.sqs.receives)} receives + ${count(plan.sqs.deletes)} deletes`,
    `  Lambda         ${count(plan.lambda.invocations)} invocations (dispatcher included), ` +
      `${plan.lambda.busySeconds.toFixed(1)} s busy, ${plan.lambda.gbSeconds.toFixed(1)} GB-s`,
    `  DynamoDB       ${plan.dynamoReadUnits.toLocaleString('en-US')} read units (the dispatcher's room query)`,
    `  cost           ${usd(plan.costUsd.perMessage)} per message, ${usd(plan.costUsd.perMillionDeliveries)} per million deliveries`,
    `                 API Gateway ${usd(plan.costUsd.apiGateway)} · SQS ${usd(plan.costUsd.sqs)} · ` +
      `Lambda ${usd(plan.costUsd.lambda)} · DynamoDB ${usd(plan.costUsd.dynamo)} ` +
      `(us-east-1 list prices, docs/operations.md#prices)`,
  ];
  return lines.join('\n');
}
