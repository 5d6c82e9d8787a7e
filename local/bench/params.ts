// Reads the fan-out knobs from services/fanout/serverless.yml (params.default), the same file the
// local cloud and `serverless deploy` read, so the bench's baseline uses the worker's real bound.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface FanoutParams {
  /** K: connection ids per delivery job. */
  deliveryBatchSize: number;
  /** c: PostToConnection calls in flight per worker. */
  deliveryInFlight: number;
  /** W: SQS maximumConcurrency of the delivery worker. */
  deliveryMaxConcurrency: number;
}

const NAMES: ReadonlyArray<keyof FanoutParams> = [
  'deliveryBatchSize',
  'deliveryInFlight',
  'deliveryMaxConcurrency',
];

export function parseFanoutParams(yamlText: string, source = 'serverless.yml'): FanoutParams {
  const doc = parse(yamlText) as { params?: { default?: Record<string, unknown> } } | null;
  const defaults = doc?.params?.default;
  if (defaults === undefined || defaults === null) throw new Error(`${source}: no params.default block`);
  const read = (name: keyof FanoutParams): number => {
    const raw = defaults[name];
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new Error(
        `${source}: params.default.${name} must be a positive whole number (got ${JSON.stringify(raw)})`,
      );
    }
    return value;
  };
  return Object.fromEntries(NAMES.map((name) => [name, read(name)])) as unknown as FanoutParams;
}

export function readFanoutParams(repoRoot: string): FanoutParams {
  const file = join(repoRoot, 'services', 'fanout', 'serverless.yml');
  return parseFanoutParams(readFileSync(file, 'utf8'), file);
}
