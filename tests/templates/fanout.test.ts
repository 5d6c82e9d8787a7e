// chorus-fanout: the messages stream → dispatcher → delivery queue (+ DLQ) → delivery workers.
import { NEW_MESSAGE_FILTER_PATTERN } from '@chorus/keys';
import {
  functionByKey,
  loadServiceTemplate,
  packagedStage,
  props,
  referencedLogicalId,
  resourceByName,
  resourcesOfType,
  serviceParamDefaults,
  type Resource,
  type Template,
} from './support/templates';

let template: Template;
let stage: string;
let knobs: Record<string, unknown>;
beforeAll(() => {
  template = loadServiceTemplate('fanout');
  stage = packagedStage(template);
  knobs = serviceParamDefaults('fanout');
});

function mappingOf(functionKey: string): ReturnType<typeof props> {
  const [functionId] = functionByKey(template, functionKey);
  const mappings = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping').filter(
    ([, mapping]) => referencedLogicalId(props(mapping)['FunctionName']) === functionId,
  );
  expect(mappings).toHaveLength(1);
  return props(mappings[0]![1]);
}

const queue = (name: string): [string, Resource] =>
  resourceByName(template, 'AWS::SQS::Queue', 'QueueName', name);

describe('stream dispatcher (messages table stream → dispatch)', () => {
  test('reads the messages stream passed in by compose', () => {
    expect(mappingOf('dispatch')['EventSourceArn']).toEqual(
      expect.stringMatching(/:table\/chorus-messages-.+\/stream\//),
    );
  });

  test('takes only new chat messages: the filter equals NEW_MESSAGE_FILTER_PATTERN', () => {
    const filters = mappingOf('dispatch')['FilterCriteria']['Filters'] as Array<{ Pattern: string }>;
    expect(filters).toHaveLength(1);
    expect(JSON.parse(filters[0]!.Pattern)).toEqual(NEW_MESSAGE_FILTER_PATTERN);
  });

  test('batching follows the streamBatchSize / streamParallelization knobs', () => {
    const mapping = mappingOf('dispatch');
    expect(mapping['BatchSize']).toBe(Number(knobs['streamBatchSize']));
    expect(mapping['ParallelizationFactor']).toBe(Number(knobs['streamParallelization']));
    expect(['LATEST', 'TRIM_HORIZON']).toContain(mapping['StartingPosition']);
  });

  test('a failing record neither blocks the shard forever nor vanishes', () => {
    const mapping = mappingOf('dispatch');
    expect(mapping['FunctionResponseTypes']).toEqual(['ReportBatchItemFailures']);
    expect(mapping['BisectBatchOnFunctionError']).toBe(true);
    expect(mapping['MaximumRetryAttempts']).toEqual(expect.any(Number));
    expect(mapping['MaximumRetryAttempts']).toBeGreaterThanOrEqual(0);
    expect(mapping['MaximumRetryAttempts']).toBeLessThanOrEqual(10000);
    const [failuresQueueId] = queue(`chorus-dispatch-failures-${stage}`);
    expect(mapping['DestinationConfig']).toEqual({
      OnFailure: { Destination: { 'Fn::GetAtt': [failuresQueueId, 'Arn'] } },
    });
  });
});

describe('delivery queue → deliver', () => {
  test('workers report partial batch failures and scale up to deliveryMaxConcurrency', () => {
    const mapping = mappingOf('deliver');
    const [deliveryQueueId] = queue(`chorus-delivery-${stage}`);
    expect(referencedLogicalId(mapping['EventSourceArn'])).toBe(deliveryQueueId);
    expect(mapping['FunctionResponseTypes']).toEqual(['ReportBatchItemFailures']);
    expect(mapping['ScalingConfig']).toEqual({ MaximumConcurrency: Number(knobs['deliveryMaxConcurrency']) });
    expect(mapping['ScalingConfig'].MaximumConcurrency).toBeGreaterThanOrEqual(2);
    expect(mapping['BatchSize']).toBe(Number(knobs['deliveryTriggerBatchSize']));
    expect(mapping['BatchSize']).toBeGreaterThanOrEqual(1);
  });

  test('no batching window on the hot path: each job goes to a worker as soon as it is received', () => {
    const mapping = mappingOf('deliver');
    // osls leaves MaximumBatchingWindowInSeconds out when the window is 0 (AWS's default).
    const window = Number(mapping['MaximumBatchingWindowInSeconds'] ?? 0);
    expect(window).toBe(Number(knobs['deliveryBatchingWindow']));
    expect(window).toBe(0);
    // Without a window AWS accepts at most 10 messages per batch.
    expect(mapping['BatchSize']).toBeLessThanOrEqual(10);
  });

  test('poison jobs go to the DLQ, which can be redriven only into the delivery queue', () => {
    const [deliveryQueueId, deliveryQueue] = queue(`chorus-delivery-${stage}`);
    const [dlqId, dlq] = queue(`chorus-delivery-dlq-${stage}`);
    const redrive = props(deliveryQueue)['RedrivePolicy'];
    expect(redrive.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [dlqId, 'Arn'] });
    expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(1);
    const allow = props(dlq)['RedriveAllowPolicy'];
    expect(allow.redrivePermission).toBe('byQueue');
    // sourceQueueArns names the delivery queue; a GetAtt would be circular (the queue's
    // RedrivePolicy already points here), so it may be an ARN built from the queue name.
    expect(allow.sourceQueueArns).toHaveLength(1);
    const source = JSON.stringify(allow.sourceQueueArns[0]);
    const queueName = props(deliveryQueue)['QueueName'] as string;
    expect(source.includes(`"${deliveryQueueId}"`) || source.includes(`:${queueName}"`)).toBe(true);
  });

  test('a job stays invisible for at least 6x the worker timeout + the batching window (AWS guidance for SQS triggers)', () => {
    const [, deliveryQueue] = queue(`chorus-delivery-${stage}`);
    const timeout = Number(props(functionByKey(template, 'deliver')[1])['Timeout']);
    expect(timeout).toBeGreaterThan(0);
    const window = Number(mappingOf('deliver')['MaximumBatchingWindowInSeconds'] ?? 0);
    expect(Number(props(deliveryQueue)['VisibilityTimeout'])).toBeGreaterThanOrEqual(6 * timeout + window);
  });

  test('the worker gets the knobs and endpoints it needs', () => {
    const env = props(functionByKey(template, 'deliver')[1])['Environment']?.Variables ?? {};
    expect(env).toMatchObject({
      DELIVERY_IN_FLIGHT: String(knobs['deliveryInFlight']),
      DELIVERY_MAX_ATTEMPTS: String(knobs['deliveryMaxAttempts']),
      WEBSOCKET_MANAGEMENT_ENDPOINT: expect.stringMatching(
        /^https:\/\/[a-z0-9]{10}\.execute-api\.[a-z0-9-]+\.amazonaws\.com\/.+/,
      ),
      CONNECTIONS_TABLE: expect.stringMatching(/^chorus-connections-/),
      POWERTOOLS_METRICS_NAMESPACE: 'Chorus',
    });
    expect(env['DELIVERY_QUEUE_URL']).toBeDefined();
    expect(env['DELIVERY_DLQ_URL']).toBeDefined();
  });

  test('the dispatcher enqueues jobs of deliveryBatchSize connections over all roomShards', () => {
    const env = props(functionByKey(template, 'dispatch')[1])['Environment']?.Variables ?? {};
    expect(env).toMatchObject({
      DELIVERY_BATCH_SIZE: String(knobs['deliveryBatchSize']),
      ROOM_SHARDS: String(knobs['roomShards']),
      CONNECTIONS_TABLE: expect.stringMatching(/^chorus-connections-/),
    });
    expect(env['DELIVERY_QUEUE_URL']).toBeDefined();
    // Records that can never be dispatched are described there at once (the role may send to it).
    const [failuresId] = queue(`chorus-dispatch-failures-${stage}`);
    expect(env['DISPATCH_FAILURES_QUEUE_URL']).toEqual({ Ref: failuresId });
  });

  test('exports the queues', () => {
    expect(Object.keys(template.Outputs ?? {})).toEqual(
      expect.arrayContaining(['DeliveryQueueUrl', 'DeliveryQueueArn', 'DeliveryDlqUrl', 'DeliveryDlqArn']),
    );
  });
});
