import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoSendRateLimiter, msUntilToken, refill, type SendRatePolicy } from '../../src/sendRateLimiter';

const POLICY: SendRatePolicy = { ratePerSecond: 10, burst: 3 };
const TABLE = 'chorus-messages-test';
const T0 = 1_790_000_000_000;

describe('token bucket arithmetic', () => {
  it('starts full, refills at the rate, never above the burst, and not when the clock goes back', () => {
    expect(refill(undefined, T0, POLICY)).toBe(3);
    expect(refill({ tokens: 0, updatedAtMs: T0 }, T0 + 150, POLICY)).toBeCloseTo(1.5);
    expect(refill({ tokens: 2, updatedAtMs: T0 }, T0 + 60_000, POLICY)).toBe(3);
    expect(refill({ tokens: 0.5, updatedAtMs: T0 }, T0 - 5_000, POLICY)).toBe(0.5);
  });

  it('says how long until a whole token, at least 1 ms', () => {
    expect(msUntilToken(0, POLICY)).toBe(100);
    expect(msUntilToken(0.75, POLICY)).toBe(25);
    expect(msUntilToken(0.99999, POLICY)).toBe(1);
    expect(msUntilToken(1, POLICY)).toBe(0);
  });
});

/**
 * The messages table as DynamoDB answers the limiter's two calls: a consistent GetItem, and a
 * PutItem whose condition (attribute_not_exists / attribute_exists / updatedAtMs = :previous)
 * is checked against what is stored.
 */
function sharedTable() {
  const items = new Map<string, Record<string, unknown>>();
  const ddb = mockClient(DynamoDBDocumentClient);
  const keyOf = (key: Record<string, unknown>) => `${String(key['pk'])}|${String(key['sk'])}`;
  /** Runs once right after the next read has been answered: another container's write. */
  const hooks: { afterNextRead?: () => void } = {};
  ddb.on(GetCommand).callsFake((input: { Key: Record<string, unknown> }) => {
    const stored = items.get(keyOf(input.Key));
    const answer = { Item: stored === undefined ? undefined : { ...stored } };
    const hook = hooks.afterNextRead;
    delete hooks.afterNextRead;
    hook?.();
    return answer;
  });
  ddb
    .on(PutCommand)
    .callsFake(
      (input: {
        Item: Record<string, unknown>;
        ConditionExpression?: string;
        ExpressionAttributeValues?: Record<string, unknown>;
      }) => {
        const stored = items.get(keyOf(input.Item));
        const condition = input.ConditionExpression;
        const holds =
          condition === 'attribute_not_exists(pk)'
            ? stored === undefined
            : condition === 'attribute_exists(pk)'
              ? stored !== undefined
              : condition === 'updatedAtMs = :previous'
                ? stored?.['updatedAtMs'] === input.ExpressionAttributeValues?.[':previous']
                : false;
        if (!holds) {
          throw Object.assign(new Error('The conditional request failed'), {
            name: 'ConditionalCheckFailedException',
          });
        }
        items.set(keyOf(input.Item), input.Item);
        return {};
      },
    );
  return { ddb, items, hooks };
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

  it('keeps the bucket in the messages table, expiring once it would be full again', async () => {
    await limiter().take('name:ada');
    expect(table.items.get('RATE#name:ada|SEND')).toEqual({
      pk: 'RATE#name:ada',
      sk: 'SEND',
      kind: 'rate',
      tokens: 2,
      updatedAtMs: T0,
      ttl: Math.ceil(T0 / 1000) + 1 + 60,
    });
  });

  it('re-reads and retries when a concurrent send wrote the bucket first, counting both', async () => {
    await limiter().take('name:ada'); // 2 tokens left at T0
    const key = 'RATE#name:ada|SEND';
    // Right after this container's read, another one takes a token and writes the bucket.
    table.hooks.afterNextRead = () => {
      table.items.set(key, { ...table.items.get(key), tokens: 1, updatedAtMs: T0 + 1 });
    };
    now = T0 + 2;

    expect(await limiter().take('name:ada')).toEqual({ allowed: true });
    // The lost write re-read the other's bucket: 1 token (+ 1 ms of refill) minus this send's.
    expect(table.items.get(key)?.['tokens']).toBeCloseTo(0.01);
    expect(table.ddb.commandCalls(PutCommand)).toHaveLength(3); // first send, lost race, retry
  });

  it('answers "wait" when the bucket stays contended beyond its attempts', async () => {
    table.ddb
      .on(PutCommand)
      .rejects(Object.assign(new Error('conditional'), { name: 'ConditionalCheckFailedException' }));
    expect(await limiter({ maxAttempts: 2 }).take('name:ada')).toEqual({ allowed: false, retryAfterMs: 100 });
    expect(table.ddb.commandCalls(PutCommand)).toHaveLength(2);
  });

  it('overwrites a damaged bucket as a full one instead of failing every send', async () => {
    table.items.set('RATE#name:ada|SEND', { pk: 'RATE#name:ada', sk: 'SEND', tokens: 'lots' });
    expect(await limiter().take('name:ada')).toEqual({ allowed: true });
    expect(table.items.get('RATE#name:ada|SEND')?.['tokens']).toBe(2);
  });

  it('lets other DynamoDB errors propagate (the route answers THROTTLED or INTERNAL_ERROR)', async () => {
    table.ddb.on(GetCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(limiter().take('name:ada')).rejects.toThrow('slow down');
  });

  it('refuses a policy that is not positive', () => {
    expect(() => limiter({ policy: { ratePerSecond: 0, burst: 3 } })).toThrow(RangeError);
    expect(() => limiter({ policy: { ratePerSecond: 1, burst: 0.5 } })).toThrow(RangeError);
  });
});
