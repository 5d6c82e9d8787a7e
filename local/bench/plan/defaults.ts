// The planner's defaults: the stage's own knobs from services/fanout/serverless.yml (the file
// `serverless deploy` and the local cloud read) and the AWS account defaults of the model.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  AWS_ACCOUNT_BURST,
  AWS_ACCOUNT_RATE_PER_SECOND,
  SQS_RAMP_INITIAL,
  type PlanInputs,
} from '../capacity';
import { parseFanoutParams } from '../params';

/** The model's figures for what the stage does not set: L measured on AWS, T0 a few hundred ms. */
export const DEFAULT_LATENCY_SECONDS = 0.03;
export const DEFAULT_T0_SECONDS = 0.3;

export type PlanDefaults = Omit<PlanInputs, 'recipients'>;

/** A whole number of at least `min` (1 or 0) from the yml, or an error naming the file and key. */
function wholeAtLeast(min: 0 | 1, value: unknown, what: string, source: string): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min) {
    const rule = min === 1 ? 'a positive whole number' : 'a whole number, 0 or more';
    throw new Error(`${source}: ${what} must be ${rule} (got ${JSON.stringify(value)})`);
  }
  return number;
}

export function parsePlanDefaults(yamlText: string, source = 'serverless.yml'): PlanDefaults {
  const params = parseFanoutParams(yamlText, source);
  const doc = parse(yamlText) as {
    params?: { default?: Record<string, unknown> };
    provider?: { memorySize?: unknown };
  };
  return {
    batchSize: params.deliveryBatchSize,
    inFlight: params.deliveryInFlight,
    maxConcurrency: params.deliveryMaxConcurrency,
    triggerBatchSize: wholeAtLeast(
      1,
      doc.params?.default?.['deliveryTriggerBatchSize'],
      'params.default.deliveryTriggerBatchSize',
      source,
    ),
    memoryMb: wholeAtLeast(1, doc.provider?.memorySize, 'provider.memorySize', source),
    inlineMax: wholeAtLeast(
      0,
      doc.params?.default?.['dispatchInlineMax'],
      'params.default.dispatchInlineMax',
      source,
    ),
    perCallLatencySeconds: DEFAULT_LATENCY_SECONDS,
    ratePerSecond: AWS_ACCOUNT_RATE_PER_SECOND,
    burst: AWS_ACCOUNT_BURST,
    initialConcurrency: SQS_RAMP_INITIAL,
    t0Seconds: DEFAULT_T0_SECONDS,
  };
}

export function readPlanDefaults(repoRoot: string): PlanDefaults {
  const file = join(repoRoot, 'services', 'fanout', 'serverless.yml');
  return parsePlanDefaults(readFileSync(file, 'utf8'), file);
}
