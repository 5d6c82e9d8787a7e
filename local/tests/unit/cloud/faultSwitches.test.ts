// Fault switches read at start from the environment.
import type { QueueDefinition } from '../../../src/definitions/types';
import { readStartupFaults, withVisibilityTimeout } from '../../../src/cloud/faultSwitches';
import { UsageError } from '../../../src/cloud/options';

function queue(name: string, attributes: Record<string, string>): QueueDefinition {
  return {
    service: 'fanout',
    logicalId: name,
    name,
    url: `http://127.0.0.1:9324/000000000000/${name}`,
    arn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
    attributes,
  };
}

describe('readStartupFaults', () => {
  it('switches nothing on by default', () => {
    expect(readStartupFaults({})).toEqual({ crashProbability: 0 });
    expect(
      readStartupFaults({ CHORUS_FAULT_CRASH_PROBABILITY: '', CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS: '' }),
    ).toEqual({ crashProbability: 0 });
  });

  it('reads the crash probability and the visibility timeout', () => {
    expect(
      readStartupFaults({
        CHORUS_FAULT_CRASH_PROBABILITY: '0.05',
        CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS: '5',
      }),
    ).toEqual({ crashProbability: 0.05, queueVisibilityTimeoutSeconds: 5 });
    expect(readStartupFaults({ CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS: '0' })).toMatchObject({
      queueVisibilityTimeoutSeconds: 0,
    });
  });

  it.each([
    [
      { CHORUS_FAULT_CRASH_PROBABILITY: '2' },
      'CHORUS_FAULT_CRASH_PROBABILITY must be a number from 0 to 1, got "2"',
    ],
    [
      { CHORUS_FAULT_CRASH_PROBABILITY: 'yes' },
      'CHORUS_FAULT_CRASH_PROBABILITY must be a number from 0 to 1',
    ],
    [
      { CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS: '2.5' },
      'CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS=2.5 must be a whole number of seconds from 0 to 43200',
    ],
    [{ CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS: '-1' }, 'CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS=-1'],
    [{ CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS: '43201' }, 'CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS=43201'],
  ])('refuses %j as a usage error', (env, message) => {
    let caught: unknown;
    try {
      readStartupFaults(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toContain(message);
  });
});

describe('withVisibilityTimeout', () => {
  const queues = [
    queue('delivery', { VisibilityTimeout: '200', RedrivePolicy: '{"maxReceiveCount":5}' }),
    queue('dlq', {}),
  ];

  it('replaces the VisibilityTimeout of every queue and keeps the other attributes', () => {
    expect(withVisibilityTimeout(queues, 4).map((q) => q.attributes)).toEqual([
      { VisibilityTimeout: '4', RedrivePolicy: '{"maxReceiveCount":5}' },
      { VisibilityTimeout: '4' },
    ]);
    expect(queues[0]!.attributes['VisibilityTimeout']).toBe('200'); // the input is not modified
  });

  it('leaves the queues as defined without an override', () => {
    expect(withVisibilityTimeout(queues, undefined)).toEqual(queues);
  });
});
