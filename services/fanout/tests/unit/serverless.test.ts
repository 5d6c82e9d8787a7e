// Keeps serverless.yml in step with the code: the stream filter is the one @chorus/keys defines,
// every knob the handlers read is set, and every ${param:...} has a default so the service
// packages on its own. (Template-level assertions on the packaged stack live elsewhere.)
import fs from 'node:fs';
import path from 'node:path';
import { NEW_MESSAGE_FILTER_PATTERN } from '@chorus/keys';
import { parse } from 'yaml';

interface ServerlessFile {
  service: string;
  params: { default: Record<string, unknown> };
  provider: { runtime: string; environment: Record<string, unknown> };
  functions: Record<
    string,
    { handler: string; role: string; timeout: number; events: Record<string, Record<string, unknown>>[] }
  >;
  resources: { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
}

const file = path.join(__dirname, '../../serverless.yml');
const text = fs.readFileSync(file, 'utf8');
const yml = parse(text) as ServerlessFile;

function event(fn: string, kind: string): Record<string, unknown> {
  const found = yml.functions[fn]?.events.find((candidate) => kind in candidate)?.[kind];
  if (!found) throw new Error(`${fn} has no ${kind} event`);
  return found;
}

describe('serverless.yml', () => {
  it('filters the stream with exactly NEW_MESSAGE_FILTER_PATTERN', () => {
    expect(event('dispatch', 'stream')['filterPatterns']).toEqual([NEW_MESSAGE_FILTER_PATTERN]);
  });

  it('reports partial batch failures on both triggers', () => {
    expect(event('dispatch', 'stream')).toMatchObject({
      functionResponseType: 'ReportBatchItemFailures',
      bisectBatchOnFunctionError: true,
      startingPosition: 'LATEST',
    });
    expect(event('deliver', 'sqs')).toMatchObject({
      functionResponseType: 'ReportBatchItemFailures',
      maximumConcurrency: '${param:deliveryMaxConcurrency}',
    });
  });

  it('points handlers at the handler files', () => {
    for (const [name, fn] of Object.entries(yml.functions)) {
      expect(fn.handler).toBe(`src/handlers/${name}.handler`);
      expect(fs.existsSync(path.join(__dirname, `../../src/handlers/${name}.ts`))).toBe(true);
    }
  });

  it('gives every ${param:…} a default', () => {
    const used = new Set([...text.matchAll(/\$\{param:([A-Za-z]+)\}/g)].map((match) => match[1]));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(Object.keys(yml.params.default)).toContain(name);
  });

  it('sets every environment variable the config reads', () => {
    const env = Object.keys(yml.provider.environment);
    for (const name of [
      'CONNECTIONS_TABLE',
      'DELIVERY_QUEUE_URL',
      'DELIVERY_DLQ_URL',
      'DISPATCH_FAILURES_QUEUE_URL',
      'WEBSOCKET_MANAGEMENT_ENDPOINT',
      'DELIVERY_BATCH_SIZE',
      'DELIVERY_IN_FLIGHT',
      'DELIVERY_MAX_ATTEMPTS',
      'ROOM_SHARDS',
      'DISPATCH_EXPAND_AFTER',
      'DISPATCH_INLINE_MAX',
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_LOG_LEVEL',
      'POWERTOOLS_METRICS_NAMESPACE',
    ]) {
      expect(env).toContain(name);
    }
  });

  it('keeps the delivery queue visibility at least 6x the worker timeout + the largest batching window', () => {
    const queue = yml.resources.Resources['DeliveryQueue']?.Properties;
    const timeout = yml.functions['deliver']?.timeout ?? Infinity;
    // deliveryBatchingWindow may be raised per stage up to 20 s; the visibility covers that too.
    expect(Number(queue?.['VisibilityTimeout'])).toBeGreaterThanOrEqual(6 * timeout + 20);
    expect(queue?.['RedrivePolicy']).toMatchObject({ maxReceiveCount: 5 });
  });

  it('puts no batching window on the deliver trigger by default, and both trigger settings are knobs', () => {
    expect(event('deliver', 'sqs')).toMatchObject({
      batchSize: '${param:deliveryTriggerBatchSize}',
      maximumBatchingWindow: '${param:deliveryBatchingWindow}',
    });
    expect(yml.params.default['deliveryBatchingWindow']).toBe(0);
    const batchSize = Number(yml.params.default['deliveryTriggerBatchSize']);
    // AWS caps a batch at 10 messages when there is no batching window.
    expect(batchSize).toBeGreaterThanOrEqual(1);
    expect(batchSize).toBeLessThanOrEqual(10);
  });

  it('uses long-form intrinsics only (local/bench reads this file with a plain YAML parser)', () => {
    expect(text).not.toMatch(/!(Ref|GetAtt|Sub|Join|Select|Split)\b/);
  });
});
