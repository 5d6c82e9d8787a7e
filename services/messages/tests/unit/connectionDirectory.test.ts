import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { connectionKey, membershipKey } from '@chorus/keys';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoConnectionDirectory } from '../../src/connectionDirectory';

const TABLE = 'chorus-connections-test';
const NOW_MS = 1_790_000_000_000;
const ddb = mockClient(DynamoDBDocumentClient);

function newDirectory() {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
  return new DynamoConnectionDirectory({ client, tableName: TABLE, now: () => NOW_MS });
}

const liveTtl = NOW_MS / 1000 + 3600;

beforeEach(() => ddb.reset());

describe('DynamoConnectionDirectory.findSender', () => {
  it('reads the connection row with a consistent read and returns its user id and name', async () => {
    ddb.on(GetCommand).resolves({ Item: { userId: 'u-alice', userName: 'alice', ttl: liveTtl } });

    await expect(newDirectory().findSender('AbCdEfGhIjKlMnO=')).resolves.toEqual({
      connectionId: 'AbCdEfGhIjKlMnO=',
      userId: 'u-alice',
      userName: 'alice',
    });
    const input = ddb.commandCalls(GetCommand)[0]!.args[0].input;
    expect(input.TableName).toBe(TABLE);
    expect(input.Key).toEqual(connectionKey('AbCdEfGhIjKlMnO='));
    expect(input.ConsistentRead).toBe(true);
  });

  it('returns undefined when the row is missing', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(newDirectory().findSender('gone')).resolves.toBeUndefined();
  });

  it('treats a row whose TTL has passed as gone (TTL deletion lags)', async () => {
    ddb.on(GetCommand).resolves({ Item: { userName: 'alice', ttl: NOW_MS / 1000 - 1 } });
    await expect(newDirectory().findSender('stale')).resolves.toBeUndefined();
  });

  it('treats a row without a user id (written before sign-in) as unknown', async () => {
    ddb.on(GetCommand).resolves({ Item: { userName: 'alice', ttl: liveTtl } });
    await expect(newDirectory().findSender('old')).resolves.toBeUndefined();
  });

  it('treats a row without a usable user name as unknown', async () => {
    ddb.on(GetCommand).resolves({ Item: { userId: 'u-1', userName: 42, ttl: liveTtl } });
    await expect(newDirectory().findSender('odd')).resolves.toBeUndefined();
  });

  it('passes read errors through', async () => {
    ddb.on(GetCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(newDirectory().findSender('x')).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});

describe('DynamoConnectionDirectory.isMember', () => {
  it('checks the membership item with a consistent read', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'CONN#c', ttl: liveTtl } });

    await expect(newDirectory().isMember('c', 'lobby')).resolves.toBe(true);
    const input = ddb.commandCalls(GetCommand)[0]!.args[0].input;
    expect(input.Key).toEqual(membershipKey('c', 'lobby'));
    expect(input.ConsistentRead).toBe(true);
  });

  it('is false without a membership item', async () => {
    ddb.on(GetCommand).resolves({});
    await expect(newDirectory().isMember('c', 'lobby')).resolves.toBe(false);
  });

  it('is false when the membership has expired', async () => {
    ddb.on(GetCommand).resolves({ Item: { pk: 'CONN#c', ttl: NOW_MS / 1000 } });
    await expect(newDirectory().isMember('c', 'lobby')).resolves.toBe(false);
  });
});
