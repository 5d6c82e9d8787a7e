import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { historyBucketKey } from '@chorus/keys';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DynamoSendRateLimiter,
  RecentBuckets,
  intervalMs,
  latestAllowedTat,
  retryAfterMs,
  type SendRatePolicy,
} from '../../src/sendRateLimiter';

const POLICY: SendRatePolicy = { ratePerSecond: 10, burst: 3 };
const TABLE = 'chorus-messages-test';
const T0 = 1_790_000_000_000;
const KEY = 'RATE#name:ada|SEND';

describe('GCRA arithmetic', () => {
  it('allows burst − 1 intervals of backlog and says how long past it to wait (at least 1 ms)', () => {
    expect(intervalMs(POLICY)).toBe(100);
    expect(latestAllowedTat(T0, POLICY)).toBe(T0 + 200);
    expect(retryAfterMs(T0 + 300, T0, POLICY)).toBe(100);
    expect(retryAfterMs(T0 + 200.0000001, T0, POLICY)).toBe(1);
    expect(retryAfterMs(T0 + 225, T0, POLICY)).toBe(25);
  });
});

/**
 * The messages table as DynamoDB answers the limiter: a consistent GetItem, and the two
 * conditional UpdateItems, each applied atomically (one at a time, as DynamoDB serialises writes
 * to an item).
 */
function sharedTable() {
  const items = new Map<string, Record<string, unknown>>();
  const ddb = mockClient(DynamoDBDocumentClient);
  const keyOf = (key: Record<string, unknown>) => `${String(key['pk'])}|${String(key['sk'])}`;
  const conditionFailed = () =>
    Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
  ddb.on(GetCommand).callsFake((input: { Key: Record<string, unknown> }) => {
    const stored = items.get(keyOf(input.Key));
    return { Item: stored === undefined ? undefined : { ...stored } };
  });
  ddb
    .on(UpdateCommand)
    .callsFake(
      (input: {
        Key: Record<string, unknown>;
        UpdateExpression: string;
        ExpressionAttributeValues: Record<string, number | string>;
      }) => {
        const key = keyOf(input.Key);
        const stored = items.get(key);
        const values = input.ExpressionAttributeValues;
        const tat = stored?.['tatMs'];
        if (input.UpdateExpression.startsWith('SET tatMs = :next')) {
          if (typeof tat === 'number' && tat > Number(values[':now'])) throw conditionFailed();
          items.set(key, {
            ...input.Key,
            tatMs: values[':next'],
            kind: values[':kind'],
            ttl: values[':ttl'],
          });
        } else {
          if (typeof tat !== 'number' || tat <= Number(values[':now']) || tat > Number(values[':latest'])) {
            throw conditionFailed();
          }
          items.set(key, { ...stored, tatMs: tat + Number(values[':interval']), ttl: values[':ttl'] });
        }
        // ReturnValues UPDATED_NEW, as DynamoDB answers it.
        return { Attributes: { tatMs: items.get(key)!['tatMs'] } };
      },
    );
  return { ddb, items };
}

describe('DynamoSendRateLimiter', () => {
  let now = T0;
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  const limiter = (overrides: Partial<ConstructorParameters<typeof DynamoSendRateLimiter>[0]> = {}) =>
    new DynamoSendRateLimiter({ client, tableName: TABLE, policy: POLICY, now: () => now, ...overrides });
  let table: ReturnType<typeof sharedTable>;

  beforeEach(() => {
    now = T0;
    table = sharedTable();
  });
  afterEach(() => table.ddb.restore());

  it('lets a burst through, refuses the next with the wait, and lets one through once it has passed', async () => {
    const bucket = limiter();
    for (let i = 0; i < 3; i += 1) expect(await bucket.take('name:ada')).toEqual({ allowed: true });
    expect(await bucket.take('name:ada')).toEqual({ allowed: false, retryAfterMs: 100 });
    now += 99;
    expect(await bucket.take('name:ada')).toEqual({ allowed: false, retryAfterMs: 1 });
    now += 1;
    expect(await bucket.take('name:ada')).toEqual({ allowed: true });
    // After a quiet spell the whole burst is back.
    now += 10_000;
    for (let i = 0; i < 3; i += 1) expect(await bucket.take('name:ada')).toEqual({ allowed: true });
  });

  it('costs one UpdateItem a send, in a burst as after a quiet spell', async () => {
    const bucket = limiter();
    const updates = () => table.ddb.commandCalls(UpdateCommand).length;
    await bucket.take('name:ada'); // full bucket: the start step holds at once
    expect(updates()).toBe(1);
    now += 10;
    await bucket.take('name:ada'); // sent a moment ago: the push goes first and holds
    expect(updates()).toBe(2);
    now += 10_000;
    await bucket.take('name:ada'); // quiet since: full again, the start step first
    expect(updates()).toBe(3);
    expect(table.ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('survives a wrong guess: a bucket moved elsewhere costs the other step, never a wrong answer', async () => {
    const bucket = limiter();
    await bucket.take('name:ada');
    table.items.clear(); // the item expired (or another region of the table started over)
    now += 10;
    expect(await bucket.take('name:ada')).toEqual({ allowed: true });
    expect(table.ddb.commandCalls(UpdateCommand)).toHaveLength(3);
    // And a bucket another container emptied is refused with the right wait.
    const other = limiter();
    await other.take('name:bob');
    for (let i = 0; i < 2; i += 1) await limiter().take('name:bob');
    expect(await other.take('name:bob')).toEqual({ allowed: false, retryAfterMs: 100 });
  });

  it('lets a burst of concurrent sends through: none refuses another', async () => {
    const bucket = limiter({ policy: { ratePerSecond: 10, burst: 20 } });
    const decisions = await Promise.all(Array.from({ length: 25 }, () => bucket.take('name:ada')));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(20);
    expect(decisions.filter((decision) => !decision.allowed)).toHaveLength(5);
  });

  it('keeps another bucket apart when given its key (history beside sends)', async () => {
    const sends = limiter();
    const reads = limiter({ bucketKey: historyBucketKey });
    for (let i = 0; i < 3; i += 1) expect(await sends.take('name:ada')).toEqual({ allowed: true });
    expect(await sends.take('name:ada')).toMatchObject({ allowed: false });
    expect(await reads.take('name:ada')).toEqual({ allowed: true });
    expect(table.items.has('RATE#name:ada|HISTORY')).toBe(true);
  });

  it('holds across containers: two limiters on the same table share one bucket per user', async () => {
    const [first, second] = [limiter(), limiter()];
    expect(await first.take('name:ada')).toEqual({ allowed: true });
    expect(await second.take('name:ada')).toEqual({ allowed: true });
    expect(await first.take('name:ada')).toEqual({ allowed: true });
    expect(await second.take('name:ada')).toMatchObject({ allowed: false });
    // Another user has a bucket of their own.
    expect(await second.take('name:grace')).toEqual({ allowed: true });
  });

  it('keeps the bucket in the messages table as one timestamp, expiring once it is full again', async () => {
    await limiter().take('name:ada');
    await limiter().take('name:ada');
    expect(table.items.get(KEY)).toEqual({
      pk: 'RATE#name:ada',
      sk: 'SEND',
      kind: 'rate',
      tatMs: T0 + 200,
      ttl: Math.ceil((T0 + 300) / 1000) + 60,
    });
  });

  it('starts a damaged bucket over as a full one instead of refusing every send', async () => {
    table.items.set(KEY, { pk: 'RATE#name:ada', sk: 'SEND', tatMs: 'soon' });
    expect(await limiter().take('name:ada')).toEqual({ allowed: true });
    expect(table.items.get(KEY)?.['tatMs']).toBe(T0 + 100);
  });

  it('lets other DynamoDB errors propagate (the route answers THROTTLED or INTERNAL_ERROR)', async () => {
    table.ddb
      .on(UpdateCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(limiter().take('name:ada')).rejects.toThrow('slow down');
  });

  it('refuses a policy that is not positive', () => {
    expect(() => limiter({ policy: { ratePerSecond: 0, burst: 3 } })).toThrow(RangeError);
    expect(() => limiter({ policy: { ratePerSecond: 1, burst: 0.5 } })).toThrow(RangeError);
  });
});

describe('RecentBuckets', () => {
  it('tells a bucket seen ahead of now as busy, and forgets the oldest user once full', () => {
    const recent = new RecentBuckets(2);
    recent.remember('a', T0 + 100);
    recent.remember('b', T0 - 1);
    expect([recent.wasBusy('a', T0), recent.wasBusy('b', T0), recent.wasBusy('c', T0)]).toEqual([
      true,
      false,
      false,
    ]);
    recent.remember('c', T0 + 100);
    expect(recent.wasBusy('a', T0)).toBe(false);
    expect(recent.wasBusy('c', T0)).toBe(true);
  });
});
