// Turns GetRecords output into the records Lambda delivers (docs/aws-behaviours.md#stream-trigger),
// and builds the on-failure destination's invocation record. Pure.
import type { AttributeValue, _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';

export type LambdaAttributeValue = Record<string, unknown>;

/** A `DynamoDBRecord` as Lambda sends it (JSON: N as strings, B as base64, times in epoch seconds). */
export interface LambdaDynamoDBRecord {
  eventID: string;
  eventName: string;
  eventVersion: '1.1';
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  eventSourceARN: string;
  userIdentity?: { type: string; principalId: string };
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: Record<string, LambdaAttributeValue>;
    NewImage?: Record<string, LambdaAttributeValue>;
    OldImage?: Record<string, LambdaAttributeValue>;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: string;
  };
}

export function toLambdaDynamoDBRecord(
  record: StreamRecord,
  source: { region: string; streamArn: string },
): LambdaDynamoDBRecord {
  const data = record.dynamodb ?? {};
  const created = data.ApproximateCreationDateTime;
  const dynamodb: LambdaDynamoDBRecord['dynamodb'] = {
    // The SDK parses the epoch-seconds wire value into a Date; Lambda hands out epoch seconds.
    ApproximateCreationDateTime:
      created instanceof Date
        ? Math.floor(created.getTime() / 1000)
        : Number(created ?? Math.floor(Date.now() / 1000)),
    Keys: toLambdaImage(data.Keys ?? {}),
    SequenceNumber: data.SequenceNumber ?? '',
    SizeBytes: data.SizeBytes ?? 0,
    StreamViewType: data.StreamViewType ?? 'KEYS_ONLY',
  };
  if (data.NewImage !== undefined) dynamodb.NewImage = toLambdaImage(data.NewImage);
  if (data.OldImage !== undefined) dynamodb.OldImage = toLambdaImage(data.OldImage);
  const lambdaRecord: LambdaDynamoDBRecord = {
    // Real event ids are 32 hex characters; DynamoDB Local hands out dashed UUIDs.
    eventID: (record.eventID ?? '').replace(/-/g, ''),
    eventName: record.eventName ?? 'MODIFY',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: source.region,
    eventSourceARN: source.streamArn,
    dynamodb,
  };
  if (record.userIdentity?.Type !== undefined && record.userIdentity.PrincipalId !== undefined) {
    lambdaRecord.userIdentity = {
      type: record.userIdentity.Type,
      principalId: record.userIdentity.PrincipalId,
    };
  }
  return lambdaRecord;
}

export function toLambdaImage(image: Record<string, AttributeValue>): Record<string, LambdaAttributeValue> {
  const out: Record<string, LambdaAttributeValue> = {};
  for (const [name, value] of Object.entries(image)) out[name] = toLambdaAttributeValue(value);
  return out;
}

function toLambdaAttributeValue(value: AttributeValue): LambdaAttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((bytes) => Buffer.from(bytes).toString('base64')) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttributeValue) };
  const out: LambdaAttributeValue = {};
  for (const [type, inner] of Object.entries(value))
    if (type !== '$unknown' && inner !== undefined) out[type] = inner;
  return out;
}

export type StreamFailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface StreamFailureInput {
  requestId: string;
  functionArn: string;
  condition: StreamFailureCondition;
  approximateInvokeCount: number;
  /** The last attempt threw (Lambda's "Unhandled") rather than reporting item failures. */
  functionError: boolean;
  shardId: string;
  streamArn: string;
  records: LambdaDynamoDBRecord[];
  timestamp: Date;
}

/** The invocation record Lambda sends to an on-failure destination (records themselves are not included). */
export function buildStreamFailureRecord(input: StreamFailureInput): Record<string, unknown> {
  const first = input.records[0];
  const last = input.records[input.records.length - 1];
  const arrival = (record: LambdaDynamoDBRecord | undefined) =>
    new Date((record?.dynamodb.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
  const responseContext: Record<string, unknown> = { statusCode: 200, executedVersion: '$LATEST' };
  if (input.functionError) responseContext['functionError'] = 'Unhandled';
  return {
    version: '1.0',
    timestamp: input.timestamp.toISOString(),
    requestContext: {
      requestId: input.requestId,
      functionArn: input.functionArn,
      condition: input.condition,
      approximateInvokeCount: input.approximateInvokeCount,
    },
    responseContext,
    DDBStreamBatchInfo: {
      shardId: input.shardId,
      startSequenceNumber: first?.dynamodb.SequenceNumber ?? '',
      endSequenceNumber: last?.dynamodb.SequenceNumber ?? '',
      approximateArrivalOfFirstRecord: arrival(first),
      approximateArrivalOfLastRecord: arrival(last),
      batchSize: input.records.length,
      streamArn: input.streamArn,
    },
  };
}
