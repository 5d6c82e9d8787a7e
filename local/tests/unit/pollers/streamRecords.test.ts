import type { _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { buildStreamFailureRecord, toLambdaDynamoDBRecord } from '../../../src/pollers/streamRecords';

const STREAM_ARN = 'arn:aws:dynamodb:ddblocal:000000000000:table/messages/stream/2026-01-20T11:55:08.000';

/** A GetRecords record as the SDK returns it from DynamoDB Local. */
function rawRecord(): StreamRecord {
  return {
    eventID: 'ac1e5608-bf91-4a46-be94-001d1953811e',
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ddblocal',
    dynamodb: {
      ApproximateCreationDateTime: new Date('2026-01-20T11:55:00.000Z'),
      Keys: { pk: { S: 'room#1' }, sk: { S: 'm1' } },
      NewImage: {
        pk: { S: 'room#1' },
        raw: { B: new Uint8Array([1, 2, 3]) },
        set: { BS: [new Uint8Array([255])] },
        nested: { M: { inner: { L: [{ B: new Uint8Array([104, 105]) }, { N: '5' }] } } },
        flag: { BOOL: true },
        none: { NULL: true },
      },
      SequenceNumber: '000000000000000000001',
      SizeBytes: 13,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

describe('toLambdaDynamoDBRecord', () => {
  it('converts dates to epoch seconds, bytes to base64 and ids to 32 hex, with our region and stream ARN', () => {
    const record = toLambdaDynamoDBRecord(rawRecord(), { region: 'us-east-1', streamArn: STREAM_ARN });
    expect(record).toEqual({
      eventID: 'ac1e5608bf914a46be94001d1953811e',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      eventSourceARN: STREAM_ARN,
      dynamodb: {
        ApproximateCreationDateTime: Date.parse('2026-01-20T11:55:00.000Z') / 1000,
        Keys: { pk: { S: 'room#1' }, sk: { S: 'm1' } },
        NewImage: {
          pk: { S: 'room#1' },
          raw: { B: 'AQID' },
          set: { BS: ['/w=='] },
          nested: { M: { inner: { L: [{ B: 'aGk=' }, { N: '5' }] } } },
          flag: { BOOL: true },
          none: { NULL: true },
        },
        SequenceNumber: '000000000000000000001',
        SizeBytes: 13,
        StreamViewType: 'NEW_IMAGE',
      },
    });
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });
});

describe('buildStreamFailureRecord', () => {
  it('describes the discarded batch without its records', () => {
    const first = toLambdaDynamoDBRecord(rawRecord(), { region: 'us-east-1', streamArn: STREAM_ARN });
    const last = { ...first, dynamodb: { ...first.dynamodb, SequenceNumber: '000000000000000000007' } };
    const record = buildStreamFailureRecord({
      requestId: 'req-1',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:dispatch',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
      functionError: false,
      shardId: 'shardId-1',
      streamArn: STREAM_ARN,
      records: [first, last],
      timestamp: new Date('2026-01-20T12:00:00.000Z'),
    });
    expect(record).toEqual({
      version: '1.0',
      timestamp: '2026-01-20T12:00:00.000Z',
      requestContext: {
        requestId: 'req-1',
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:dispatch',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST' },
      DDBStreamBatchInfo: {
        shardId: 'shardId-1',
        startSequenceNumber: '000000000000000000001',
        endSequenceNumber: '000000000000000000007',
        approximateArrivalOfFirstRecord: '2026-01-20T11:55:00.000Z',
        approximateArrivalOfLastRecord: '2026-01-20T11:55:00.000Z',
        batchSize: 2,
        streamArn: STREAM_ARN,
      },
    });
  });
});
