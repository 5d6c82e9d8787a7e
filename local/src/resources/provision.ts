// Creates what the definitions declare — tables (with streams and TTL) in DynamoDB Local, queues
// (DLQs first, so RedrivePolicy can point at them) in the SQS emulator — through the real SDK
// clients. Idempotent: with persistent DynamoDB data the tables already exist and are brought in
// line instead of re-created. Returns the real stream ARNs, which replace the loader's placeholders.
import {
  type CreateTableCommandInput,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  ResourceNotFoundException,
  type StreamSpecification,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

import type { CloudDefinition, QueueDefinition, SecondaryIndex, TableDefinition } from '../definitions/types';
import { localDynamoDbClient } from './dynamoDbLocal';
import { ResourceError } from './errors';

export interface ProvisionedTable {
  name: string;
  arn: string;
  /** DynamoDB Local's LatestStreamArn, when the table has a stream. */
  streamArn?: string;
}

export interface ProvisionedQueue {
  name: string;
  url: string;
  arn: string;
}

export interface ProvisionedResources {
  tables: ProvisionedTable[];
  queues: ProvisionedQueue[];
}

export interface ProvisionOptions {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  region: string;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function localSqsClient(endpoint: string, region = 'us-east-1'): SQSClient {
  return new SQSClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
}

export async function provisionCloud(
  definition: CloudDefinition,
  options: ProvisionOptions,
): Promise<ProvisionedResources> {
  const dynamodb = localDynamoDbClient(options.dynamodbEndpoint, options.region);
  const sqs = localSqsClient(options.sqsEndpoint, options.region);
  try {
    const tables = await provisionTables(definition.tables, dynamodb);
    const queues = await provisionQueues(definition.queues, sqs);
    return { tables, queues };
  } finally {
    dynamodb.destroy();
    sqs.destroy();
  }
}

function createTableInput(table: TableDefinition): CreateTableCommandInput {
  const { properties } = table;
  const billingMode = properties.BillingMode ?? 'PROVISIONED';
  const throughput = properties.ProvisionedThroughput ?? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };
  const index = (definition: SecondaryIndex, global: boolean): GlobalSecondaryIndex => {
    const out: GlobalSecondaryIndex = {
      IndexName: definition.IndexName,
      KeySchema: definition.KeySchema,
      Projection: definition.Projection,
    };
    if (global && billingMode === 'PROVISIONED')
      out.ProvisionedThroughput = definition.ProvisionedThroughput ?? throughput;
    return out;
  };
  const input: CreateTableCommandInput = {
    TableName: table.name,
    KeySchema: properties.KeySchema,
    AttributeDefinitions: properties.AttributeDefinitions,
    BillingMode: billingMode,
  };
  if (billingMode === 'PROVISIONED') input.ProvisionedThroughput = throughput;
  if (properties.GlobalSecondaryIndexes) {
    input.GlobalSecondaryIndexes = properties.GlobalSecondaryIndexes.map((gsi) => index(gsi, true));
  }
  if (properties.LocalSecondaryIndexes) {
    input.LocalSecondaryIndexes = properties.LocalSecondaryIndexes.map((lsi) => index(lsi, false));
  }
  if (properties.StreamSpecification) {
    input.StreamSpecification = {
      StreamEnabled: true,
      StreamViewType: properties.StreamSpecification.StreamViewType,
    };
  }
  return input;
}

async function describe(client: DynamoDBClient, name: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

async function alignStream(
  client: DynamoDBClient,
  table: TableDefinition,
  current: StreamSpecification | undefined,
) {
  const wanted = table.properties.StreamSpecification?.StreamViewType;
  const enabled = current?.StreamEnabled === true;
  if (enabled && current?.StreamViewType === wanted) return;
  if (!enabled && wanted === undefined) return;
  if (enabled) {
    await client.send(
      new UpdateTableCommand({ TableName: table.name, StreamSpecification: { StreamEnabled: false } }),
    );
  }
  if (wanted !== undefined) {
    await client.send(
      new UpdateTableCommand({
        TableName: table.name,
        StreamSpecification: { StreamEnabled: true, StreamViewType: wanted },
      }),
    );
  }
}

async function alignTimeToLive(client: DynamoDBClient, table: TableDefinition) {
  const wanted = table.properties.TimeToLiveSpecification;
  if (!wanted?.Enabled) return;
  const current = (await client.send(new DescribeTimeToLiveCommand({ TableName: table.name })))
    .TimeToLiveDescription;
  const on = current?.TimeToLiveStatus === 'ENABLED' || current?.TimeToLiveStatus === 'ENABLING';
  if (on && current?.AttributeName === wanted.AttributeName) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: table.name,
      TimeToLiveSpecification: { AttributeName: wanted.AttributeName, Enabled: true },
    }),
  );
}

export async function provisionTables(
  tables: TableDefinition[],
  client: DynamoDBClient,
): Promise<ProvisionedTable[]> {
  const provisioned: ProvisionedTable[] = [];
  for (const table of tables) {
    try {
      const existing = await describe(client, table.name);
      if (existing) await alignStream(client, table, existing.StreamSpecification);
      else await client.send(new CreateTableCommand(createTableInput(table)));
      await alignTimeToLive(client, table);
      const described = await describe(client, table.name);
      const result: ProvisionedTable = { name: table.name, arn: described?.TableArn ?? table.arn };
      if (table.properties.StreamSpecification) {
        if (!described?.LatestStreamArn) throw new Error('the table reports no LatestStreamArn');
        result.streamArn = described.LatestStreamArn;
      }
      provisioned.push(result);
    } catch (error) {
      throw new ResourceError(
        'PROVISIONING_FAILED',
        `cannot provision table ${table.name} (${table.logicalId}, service ${table.service}): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  return provisioned;
}

/** Queues ordered so every DLQ comes before the queues that redrive to it. */
export function queueCreationOrder(queues: QueueDefinition[]): QueueDefinition[] {
  const byArn = new Map(queues.map((queue) => [queue.arn, queue]));
  const ordered: QueueDefinition[] = [];
  const visiting = new Set<string>();
  const visit = (queue: QueueDefinition) => {
    if (ordered.includes(queue)) return;
    if (visiting.has(queue.arn)) {
      throw new ResourceError(
        'PROVISIONING_FAILED',
        `queues redrive to each other in a cycle through ${queue.name}`,
      );
    }
    visiting.add(queue.arn);
    const target = queue.deadLetterTargetArn === undefined ? undefined : byArn.get(queue.deadLetterTargetArn);
    if (target) visit(target);
    visiting.delete(queue.arn);
    ordered.push(queue);
  };
  queues.forEach(visit);
  return ordered;
}

export async function provisionQueues(
  queues: QueueDefinition[],
  client: SQSClient,
): Promise<ProvisionedQueue[]> {
  const provisioned: ProvisionedQueue[] = [];
  for (const queue of queueCreationOrder(queues)) {
    let url: string | undefined;
    try {
      url = (
        await client.send(new CreateQueueCommand({ QueueName: queue.name, Attributes: queue.attributes }))
      ).QueueUrl;
    } catch (error) {
      if (!(error instanceof QueueNameExists)) {
        throw new ResourceError(
          'PROVISIONING_FAILED',
          `cannot create queue ${queue.name}: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      // Same name, other attributes (a changed yml against a long-running emulator): update in place.
      url = (await client.send(new GetQueueUrlCommand({ QueueName: queue.name }))).QueueUrl;
      const { FifoQueue: _fifo, ...settable } = queue.attributes;
      await client.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: settable }));
    }
    if (url !== queue.url) {
      throw new ResourceError(
        'PROVISIONING_FAILED',
        `queue ${queue.name} was created at ${String(url)}, but the definitions (and the handlers' environment) use ${queue.url}`,
      );
    }
    provisioned.push({ name: queue.name, url, arn: queue.arn });
  }
  return provisioned;
}

function replaceStrings(value: unknown, replacements: Map<string, string>): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const [from, to] of replacements) out = out.split(from).join(to);
    return out;
  }
  if (Array.isArray(value)) return value.map((item) => replaceStrings(item, replacements));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, replaceStrings(item, replacements)]),
    );
  }
  return value;
}

/**
 * The definition with the loader's placeholder stream ARNs replaced by DynamoDB Local's real ones
 * everywhere (tables, stream triggers, outputs, environments), so pollers read the real stream.
 */
export function withProvisionedResources(
  definition: CloudDefinition,
  provisioned: ProvisionedResources,
): CloudDefinition {
  const replacements = new Map<string, string>();
  for (const table of definition.tables) {
    const real = provisioned.tables.find((candidate) => candidate.name === table.name)?.streamArn;
    if (table.streamArn !== undefined && real !== undefined && real !== table.streamArn) {
      replacements.set(table.streamArn, real);
    }
  }
  return replaceStrings(definition, replacements) as CloudDefinition;
}

/** Provisions everything and returns the definition with DynamoDB Local's real stream ARNs in place. */
export async function provisionResources(
  definition: CloudDefinition,
  options: ProvisionOptions,
): Promise<CloudDefinition> {
  return withProvisionedResources(definition, await provisionCloud(definition, options));
}
