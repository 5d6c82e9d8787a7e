// Tables and queues of a service's compiled template, evaluated to what DynamoDB Local and the SQS
// emulator need to create them.
import { DefinitionError } from './errors';
import type { StackEvaluator } from './intrinsics';
import type { CloudFormationResource } from './oslsService';
import type { QueueDefinition, TableDefinition, TableProperties } from './types';

type Path = (string | number)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const TABLE_PROPERTIES = [
  'KeySchema',
  'AttributeDefinitions',
  'BillingMode',
  'ProvisionedThroughput',
  'GlobalSecondaryIndexes',
  'LocalSecondaryIndexes',
  'StreamSpecification',
  'TimeToLiveSpecification',
] as const;

/** CloudFormation property → SQS attribute of the same meaning. */
const QUEUE_ATTRIBUTES = [
  'DelaySeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'RedrivePolicy',
  'RedriveAllowPolicy',
] as const;

export interface StackResourceInput {
  file: string;
  service: string; // compose key
  resources: Record<string, CloudFormationResource>;
  evaluator: StackEvaluator;
}

export function tablesOf(input: StackResourceInput): TableDefinition[] {
  const tables: TableDefinition[] = [];
  for (const [logicalId, entry] of Object.entries(input.resources)) {
    if (!isRecord(entry) || entry['Type'] !== 'AWS::DynamoDB::Table') continue;
    const base: Path = ['Resources', logicalId, 'Properties'];
    const raw = isRecord(entry['Properties']) ? entry['Properties'] : {};
    const name = input.evaluator.ref(logicalId, base);
    const properties: Record<string, unknown> = { TableName: name };
    for (const key of TABLE_PROPERTIES) {
      if (raw[key] !== undefined) properties[key] = input.evaluator.evaluate(raw[key], [...base, key]);
    }
    for (const required of ['KeySchema', 'AttributeDefinitions'] as const) {
      if (!Array.isArray(properties[required])) {
        throw new DefinitionError(
          'DEFINITION_INVALID',
          input.file,
          [...base, required],
          'a table needs this list',
        );
      }
    }
    const ttl = properties['TimeToLiveSpecification'];
    if (isRecord(ttl)) ttl['Enabled'] = ttl['Enabled'] === true || ttl['Enabled'] === 'true';
    const table: TableDefinition = {
      service: input.service,
      logicalId,
      name,
      arn: input.evaluator.attribute(logicalId, 'Arn', base),
      properties: properties as unknown as TableProperties,
    };
    if (properties['StreamSpecification'] !== undefined) {
      table.streamArn = input.evaluator.attribute(logicalId, 'StreamArn', base);
    }
    tables.push(table);
  }
  return tables;
}

export function queuesOf(input: StackResourceInput): QueueDefinition[] {
  const queues: QueueDefinition[] = [];
  for (const [logicalId, entry] of Object.entries(input.resources)) {
    if (!isRecord(entry) || entry['Type'] !== 'AWS::SQS::Queue') continue;
    const base: Path = ['Resources', logicalId, 'Properties'];
    const raw = isRecord(entry['Properties']) ? entry['Properties'] : {};
    const attributes: Record<string, string> = {};
    let deadLetterTargetArn: string | undefined;
    for (const key of QUEUE_ATTRIBUTES) {
      if (raw[key] === undefined) continue;
      const value = input.evaluator.evaluate(raw[key], [...base, key]);
      if (key === 'RedrivePolicy' || key === 'RedriveAllowPolicy') {
        const policy = typeof value === 'string' ? parsePolicy(value, input.file, [...base, key]) : value;
        if (!isRecord(policy)) {
          throw new DefinitionError(
            'DEFINITION_INVALID',
            input.file,
            [...base, key],
            'expected a policy object',
          );
        }
        if (key === 'RedrivePolicy') {
          if (typeof policy['deadLetterTargetArn'] !== 'string') {
            throw new DefinitionError(
              'DEFINITION_INVALID',
              input.file,
              [...base, key, 'deadLetterTargetArn'],
              'a RedrivePolicy needs the DLQ ARN',
            );
          }
          deadLetterTargetArn = policy['deadLetterTargetArn'];
        }
        attributes[key] = JSON.stringify(policy);
      } else {
        attributes[key] = String(value);
      }
    }
    const queue: QueueDefinition = {
      service: input.service,
      logicalId,
      name: input.evaluator.attribute(logicalId, 'QueueName', base),
      url: input.evaluator.ref(logicalId, base),
      arn: input.evaluator.attribute(logicalId, 'Arn', base),
      attributes,
    };
    if (deadLetterTargetArn !== undefined) queue.deadLetterTargetArn = deadLetterTargetArn;
    queues.push(queue);
  }
  return queues;
}

function parsePolicy(text: string, file: string, path: Path): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DefinitionError('DEFINITION_INVALID', file, path, 'a policy given as text must be JSON');
  }
}
