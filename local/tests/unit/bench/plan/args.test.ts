import { parsePlanArgs, PlanHelpRequested, PlanUsageError, planUsage } from '../../../../bench/plan/args';
import type { PlanDefaults } from '../../../../bench/plan/defaults';

function defaults(): PlanDefaults {
  return {
    batchSize: 50,
    inFlight: 32,
    perCallLatencySeconds: 0.03,
    ratePerSecond: 10_000,
    burst: 5_000,
    maxConcurrency: 50,
    initialConcurrency: 5,
    triggerBatchSize: 1,
    memoryMb: 512,
    t0Seconds: 0.3,
  };
}

describe('parsePlanArgs', () => {
  it('starts from the defaults and sets every knob it is given', () => {
    const { inputs, json } = parsePlanArgs(
      [
        '--room-size',
        '1000000',
        '--batch-size=200',
        '--in-flight',
        '64',
        '--latency-ms',
        '12.5',
        '--rate',
        '50000',
        '--burst',
        '0',
        '--max-concurrency',
        '1000',
        '--reserved-concurrency',
        '300',
        '--initial-concurrency',
        '1000',
        '--trigger-batch-size',
        '2',
        '--memory-mb',
        '1024',
        '--retry-share',
        '0.25',
        '--t0-ms',
        '150',
        '--inline-max',
        '0',
        '--json',
      ],
      defaults(),
    );
    expect(json).toBe(true);
    expect(inputs).toEqual({
      recipients: 1_000_000,
      batchSize: 200,
      inFlight: 64,
      perCallLatencySeconds: 0.0125,
      ratePerSecond: 50_000,
      burst: 0,
      maxConcurrency: 1_000,
      reservedConcurrency: 300,
      initialConcurrency: 1_000,
      triggerBatchSize: 2,
      memoryMb: 1_024,
      retryShare: 0.25,
      t0Seconds: 0.15,
      inlineMax: 0,
    });
  });

  it('leaves the retry share to the model and the defaults alone when only N is given', () => {
    const { inputs, json } = parsePlanArgs(['--room-size', '2'], defaults());
    expect(json).toBe(false);
    expect(inputs).toEqual({ ...defaults(), recipients: 2 });
    expect(inputs.retryShare).toBeUndefined();
  });

  it.each([
    [[], '--room-size N is required'],
    [['--room-size', '0'], '--room-size needs a whole number in 1..100000000 (got 0)'],
    [['--room-size', '1.5'], '--room-size needs a whole number in 1..100000000 (got "1.5")'],
    [['--room-size', '10', '--rate', 'fast'], '--rate needs a number in 1..100000000 (got "fast")'],
    [
      ['--room-size', '10', '--max-concurrency', '1'],
      '--max-concurrency needs a whole number in 2..1000 (got 1)',
    ],
    [['--room-size', '10', '--latency-ms', '-1'], '--latency-ms needs a number in 0..60000 (got -1)'],
    [['--room-size', '10', '--retry-share'], '--retry-share needs a value'],
    [['--room-size', '10', '--burst', '--json'], '--burst needs a value'],
    [['--room-size', '10', '--room-size', '20'], '--room-size is given twice'],
    [['--room-size', '10', '--bogus', '1'], 'Unknown option "--bogus"'],
  ])('refuses %j with a precise message', (argv, message) => {
    expect(() => parsePlanArgs(argv, defaults())).toThrow(PlanUsageError);
    expect(() => parsePlanArgs(argv, defaults())).toThrow(message);
  });

  it('answers --help with the usage, defaults shown', () => {
    expect(() => parsePlanArgs(['--room-size', 'x', '--help'], defaults())).toThrow(PlanUsageError);
    expect(() => parsePlanArgs(['--help'], defaults())).toThrow(PlanHelpRequested);
    expect(() => parsePlanArgs(['--room-size', '5', '-h'], defaults())).toThrow(planUsage(defaults()));
    expect(planUsage(defaults())).toContain('--batch-size K');
    expect(planUsage(defaults())).toMatch(/deliveryBatchSize\) \[50\]/);
  });
});
