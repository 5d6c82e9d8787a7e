// Provisions the fixture services' tables and queues into REAL DynamoDB Local and REAL fauxqs, then
// checks them with the SDK; restarts DynamoDB Local on the same data directory to prove
// provisioning is idempotent against persistent data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';

import { LOCAL_STREAM_LABEL, loadCloudDefinition } from '../../../src/definitions';
import type { CloudDefinition, StreamEvent } from '../../../src/definitions';
import {
  type DynamoDbLocal,
  freePort,
  localDynamoDbClient,
  localSqsClient,
  provisionResources,
  queueCreationOrder,
  startDynamoDbLocal,
} from '../../../src/resources';
import { type ChildScript, dynamoDbLocalRunsOn, runChildScript, stopChild } from './support/childScript';

jest.setTimeout(180_000);

const FIXTURE = resolve(__dirname, '../../fixtures/definitions');

describe('provisionResources (real DynamoDB Local and fauxqs)', () => {
  let dataDir: string;
  let dynamoPort: number;
  let dynamo: DynamoDbLocal | undefined;
  let fauxqs: ChildScript;
  let sqsEndpoint: string;
  let loaded: CloudDefinition;
  let provisioned: CloudDefinition;
  let ddb: DynamoDBClient;
  let sqs: SQSClient;

  const start = () => startDynamoDbLocal({ port: dynamoPort, inMemory: false, dataDir });
  const provision = () =>
    provisionResources(loaded, {
      dynamodbEndpoint: dynamo?.endpoint ?? '',
      sqsEndpoint,
      region: 'us-east-1',
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'chorus-ddb-'));
    dynamoPort = await freePort();
    fauxqs = runChildScript('sqsEmulatorProcess.ts', { PORT: '0' });
    [dynamo] = await Promise.all([start(), fauxqs.report]);
    sqsEndpoint = String((await fauxqs.report)['endpoint']);
    loaded = await loadCloudDefinition({
      repoRoot: FIXTURE,
      stage: 'local',
      region: 'us-east-1',
      accountId: '000000000000',
      apiId: 'fixtureapi',
      endpoints: {
        dynamodb: dynamo.endpoint,
        sqs: sqsEndpoint,
        websocketManagement: 'http://127.0.0.1:3001/local',
        websocketUrl: 'ws://127.0.0.1:3001/local',
      },
    });
    provisioned = await provision();
    ddb = localDynamoDbClient(dynamo.endpoint);
    sqs = localSqsClient(sqsEndpoint);
  });

  afterAll(async () => {
    ddb?.destroy();
    sqs?.destroy();
    await dynamo?.stop();
    if (fauxqs) await stopChild(fauxqs);
    rmSync(dataDir, { recursive: true, force: true });
    expect(dynamoDbLocalRunsOn(dynamoPort)).toBe(false);
  });

  it('creates the tables with keys, GSIs, stream and TTL', async () => {
    const items = (await ddb.send(new DescribeTableCommand({ TableName: 'fixture-items-local' }))).Table;
    expect(items?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(items?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(items?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byOwner']);
    expect(items?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const sessions = (await ddb.send(new DescribeTableCommand({ TableName: 'fixture-sessions-local' })))
      .Table;
    expect(sessions?.StreamSpecification).toBeUndefined();
    for (const [table, attribute] of [
      ['fixture-items-local', 'ttl'],
      ['fixture-sessions-local', 'expiresAt'],
    ] as const) {
      const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: table }));
      expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: attribute });
    }
  });

  it("replaces the placeholder stream ARN with DynamoDB Local's everywhere", async () => {
    const real = (await ddb.send(new DescribeTableCommand({ TableName: 'fixture-items-local' }))).Table
      ?.LatestStreamArn;
    expect(real).toBeDefined();
    expect(real).not.toContain(LOCAL_STREAM_LABEL);
    const stream = provisioned.functions
      .flatMap((fn) => fn.events)
      .find((event) => event.kind === 'stream') as StreamEvent;
    expect(stream.streamArn).toBe(real);
    expect(provisioned.tables.find((table) => table.name === 'fixture-items-local')?.streamArn).toBe(real);
    expect(provisioned.outputs['store']?.['ItemsStreamArn']).toBe(real);
    expect(JSON.stringify(provisioned)).not.toContain(LOCAL_STREAM_LABEL);
    expect(JSON.stringify(loaded)).toContain(LOCAL_STREAM_LABEL); // the input is left as it was
  });

  it('creates the queues with their attributes, the DLQ first and the redrive policy pointing at it', async () => {
    expect(queueCreationOrder(loaded.queues).map((queue) => queue.logicalId)).toEqual([
      'JobsDlq',
      'JobsQueue',
      'FailuresQueue',
    ]);
    const jobs = loaded.queues.find((queue) => queue.logicalId === 'JobsQueue');
    const dlq = loaded.queues.find((queue) => queue.logicalId === 'JobsDlq');
    const attributes = (
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: jobs?.url, AttributeNames: ['All'] }))
    ).Attributes;
    expect(attributes).toMatchObject({
      VisibilityTimeout: '60',
      MessageRetentionPeriod: '3600',
      QueueArn: jobs?.arn,
    });
    expect(JSON.parse(attributes?.['RedrivePolicy'] ?? '{}')).toEqual({
      deadLetterTargetArn: dlq?.arn,
      maxReceiveCount: 3,
    });
  });

  it('moves a message that keeps failing to the DLQ (fauxqs applies the redrive policy)', async () => {
    const jobs = loaded.queues.find((queue) => queue.logicalId === 'JobsQueue');
    const dlq = loaded.queues.find((queue) => queue.logicalId === 'JobsDlq');
    await sqs.send(new SendMessageCommand({ QueueUrl: jobs?.url, MessageBody: 'poison' }));
    for (let receive = 0; receive < 3; receive += 1) {
      const got = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: jobs?.url, VisibilityTimeout: 0, WaitTimeSeconds: 1 }),
      );
      expect(got.Messages?.map((message) => message.Body)).toEqual(['poison']);
    }
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: jobs?.url, WaitTimeSeconds: 1 }));
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq?.url, WaitTimeSeconds: 1 }));
    expect(dead.Messages?.map((message) => message.Body)).toEqual(['poison']);
  });

  it('is idempotent, also against the persistent data of a restarted DynamoDB Local', async () => {
    const again = await provision();
    expect(again).toEqual(provisioned);
    await dynamo?.stop();
    dynamo = undefined;
    expect(dynamoDbLocalRunsOn(dynamoPort)).toBe(false);
    dynamo = await start();
    const afterRestart = await provision();
    expect(afterRestart).toEqual(provisioned);
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: 'fixture-items-local' }));
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED');
  });
});
