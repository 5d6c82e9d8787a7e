import { join } from 'node:path';
import { parsePlanDefaults, readPlanDefaults } from '../../../../bench/plan/defaults';

const yml = (defaults: string, provider = '  memorySize: 1024\n'): string =>
  `service: chorus-fanout\nparams:\n  default:\n${defaults}\nprovider:\n  name: aws\n${provider}`;
const knobs =
  '    deliveryBatchSize: 100\n    deliveryInFlight: 16\n    deliveryMaxConcurrency: 7\n    deliveryTriggerBatchSize: 2\n    dispatchInlineMax: 10';

describe('parsePlanDefaults', () => {
  it('reads K, c, W, b and the memory; the rest are the AWS defaults of the model', () => {
    expect(parsePlanDefaults(yml(knobs))).toEqual({
      batchSize: 100,
      inFlight: 16,
      maxConcurrency: 7,
      triggerBatchSize: 2,
      memoryMb: 1024,
      inlineMax: 10,
      perCallLatencySeconds: 0.03,
      ratePerSecond: 10_000,
      burst: 5_000,
      initialConcurrency: 5,
      t0Seconds: 0.3,
    });
  });

  it('names the file and the value it cannot use', () => {
    expect(() => parsePlanDefaults(yml(knobs, ''), 'f.yml')).toThrow(
      'f.yml: provider.memorySize must be a positive whole number (got undefined)',
    );
    expect(() =>
      parsePlanDefaults(
        yml(knobs.replace('deliveryTriggerBatchSize: 2', 'deliveryTriggerBatchSize: x')),
        'f.yml',
      ),
    ).toThrow('f.yml: params.default.deliveryTriggerBatchSize must be a positive whole number (got "x")');
    expect(() =>
      parsePlanDefaults(yml(knobs.replace('dispatchInlineMax: 10', 'dispatchInlineMax: -1')), 'f.yml'),
    ).toThrow('f.yml: params.default.dispatchInlineMax must be a whole number, 0 or more (got -1)');
  });

  it('reads the repository services/fanout/serverless.yml', () => {
    const defaults = readPlanDefaults(join(__dirname, '..', '..', '..', '..', '..'));
    expect(defaults.memoryMb).toBeGreaterThanOrEqual(128);
    expect(defaults.triggerBatchSize).toBeGreaterThanOrEqual(1);
  });
});
