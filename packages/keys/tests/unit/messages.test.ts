import {
  NEW_MESSAGE_FILTER_PATTERN,
  dedupKey,
  historyBucketKey,
  messageKey,
  roomMessagesPk,
  sendBucketKey,
} from '../../src/index';

describe('messages table keys', () => {
  it('keeps only messages in a room partition, sorted by message id', () => {
    expect(messageKey('lobby', '01JDZ6Q5J8K3M4N5P6Q7R8S9TV')).toEqual({
      pk: roomMessagesPk('lobby'),
      sk: '01JDZ6Q5J8K3M4N5P6Q7R8S9TV',
    });
    expect(dedupKey('lobby', 'ada', 'c1').pk).not.toBe(roomMessagesPk('lobby'));
  });

  it('scopes idempotency to room, sender and client message id', () => {
    expect(dedupKey('lobby', 'ada', 'c1')).not.toEqual(dedupKey('lobby', 'bob', 'c1'));
    expect(dedupKey('lobby', 'ada', 'c1')).not.toEqual(dedupKey('other', 'ada', 'c1'));
    expect(dedupKey('lobby', 'ada', 'c1')).toEqual(dedupKey('lobby', 'ada', 'c1'));
  });

  it('filters the stream to inserted chat messages', () => {
    expect(NEW_MESSAGE_FILTER_PATTERN).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { kind: { S: ['message'] } } },
    });
  });
});

describe('rate buckets', () => {
  it("keeps a user's send and history budgets apart", () => {
    expect(historyBucketKey('u1')).toEqual({ pk: 'RATE#u1', sk: 'HISTORY' });
    expect(historyBucketKey('u1')).not.toEqual(sendBucketKey('u1'));
  });
});
