// The whole pipeline on the local cloud: real WebSocket clients → our gateway → handlers in worker
// threads → DynamoDB Local → its stream → dispatcher → fauxqs → delivery workers → @connections.
import { execFileSync } from 'node:child_process';
import { DynamoDBClient, QueryCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { MessageFrame } from '@chorus/protocol';
import { readFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { roomMemberKey } from '@chorus/keys';
import { parse } from 'yaml';
import { ChatClient } from './support/chatClient';
import { REPO_ROOT, startLocalCloud, type RunningCloud } from './support/localCloudProcess';

/** The stage's room shard count, read from the same definition the local cloud deploys. */
function stageRoomShards(): number {
  const yml = parse(
    readFileSync(joinPath(REPO_ROOT, 'services', 'connections', 'serverless.yml'), 'utf8'),
    // Only params are read: the CloudFormation short tags (!GetAtt, !Sub) may stay unresolved.
    { logLevel: 'error' },
  ) as {
    params?: { default?: { roomShards?: number | string } };
  };
  return Number(yml.params?.default?.roomShards ?? 1);
}

let cloud: RunningCloud;
let dynamo: DynamoDBClient;
const clients: ChatClient[] = [];

async function connect(name: string): Promise<ChatClient> {
  const client = await ChatClient.connect(cloud.endpoints, name);
  clients.push(client);
  return client;
}

async function join(client: ChatClient, roomId: string): Promise<void> {
  await client.request({ action: 'joinRoom', roomId }, 'presence', (f) => f.roomId === roomId);
}

function messagesWithId(client: ChatClient, messageId: string): MessageFrame[] {
  return client.ofType('message').filter((m) => m.messageId === messageId);
}

async function connectionIdOf(name: string): Promise<string> {
  const res = await fetch(`${cloud.endpoints.adminUrl}/connections`, {
    headers: { 'x-chorus-admin-secret': cloud.endpoints.adminSecret },
  });
  const { connections } = (await res.json()) as {
    connections: Array<{
      connectionId: string;
      queryString?: Record<string, string>;
      query?: Record<string, string>;
    }>;
  };
  const ids = connections.map((c) => c.connectionId);
  // Ask each connection's row in DynamoDB for its name: the row is the source of truth.
  for (const id of ids) {
    const rows = await rowsOf(id);
    if (rows.some((row) => row['userName']?.S === name)) return id;
  }
  throw new Error(`no connection for ${name}`);
}

async function rowsOf(connectionId: string): Promise<Array<Record<string, { S?: string }>>> {
  const out = await dynamo.send(
    new QueryCommand({
      TableName: cloud.endpoints.tables['ConnectionsTable'],
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `CONN#${connectionId}` } },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as Array<Record<string, { S?: string }>>;
}

async function eventually(
  description: string,
  check: () => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${description}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  cloud = await startLocalCloud();
  dynamo = new DynamoDBClient({
    endpoint: cloud.endpoints.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  dynamo?.destroy();
  if (cloud === undefined) return;
  const port = new URL(cloud.endpoints.dynamodbEndpoint).port;
  expect(await cloud.stop()).toBe(0);
  // Ctrl+C must not leave DynamoDB Local's JVM behind.
  const orphans = (() => {
    try {
      return execFileSync('pgrep', ['-f', `DynamoDBLocal.*-port ${port}`]).toString();
    } catch {
      return ''; // pgrep exits 1 when nothing matches
    }
  })();
  expect(orphans).toBe('');
});

describe('chat on the local cloud', () => {
  it('delivers a message exactly once to every member, the sender included, and acks the sender', async () => {
    const [ada, bob, cy] = await Promise.all([connect('ada'), connect('bob'), connect('cy')]);
    await Promise.all([join(ada, 'lobby'), join(bob, 'lobby'), join(cy, 'lobby')]);

    const ack = await ada.request(
      { action: 'sendMessage', roomId: 'lobby', text: 'hello all', clientMsgId: 'm-1' },
      'ack',
    );
    expect(ack).toMatchObject({ roomId: 'lobby', clientMsgId: 'm-1' });

    for (const client of [ada, bob, cy]) {
      await client.waitFor('the message', () => messagesWithId(client, ack.messageId).length > 0);
    }
    // Give a duplicate time to show up before asserting it did not.
    await new Promise((r) => setTimeout(r, 1500));
    for (const client of [ada, bob, cy]) {
      const got = messagesWithId(client, ack.messageId);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ sender: 'ada', text: 'hello all', roomId: 'lobby', clientMsgId: 'm-1' });
    }
  });

  it('takes the sender from the connection, never from the frame, and refuses rooms not joined', async () => {
    const eve = await connect('eve');
    const refused = await eve.request(
      { action: 'sendMessage', roomId: 'secret', text: 'x', clientMsgId: 'e1' },
      'error',
    );
    expect(refused).toMatchObject({ code: 'FORBIDDEN', clientMsgId: 'e1', roomId: 'secret' });
    expect(refused.requestId).toMatch(/^[A-Za-z0-9_-]{15}=$/);

    const forged = await eve.request(
      { action: 'sendMessage', roomId: 'secret', text: 'x', clientMsgId: 'e2', sender: 'ada' },
      'error',
    );
    expect(forged.code).toBe('INVALID_FRAME');
  });

  it('makes one message of a repeated clientMsgId', async () => {
    const ada = await connect('ada');
    const bob = await connect('bob');
    await join(ada, 'dedup');
    await join(bob, 'dedup');
    const frame = { action: 'sendMessage', roomId: 'dedup', text: 'once', clientMsgId: 'same-id' };
    const first = await ada.request(frame, 'ack');
    const second = await ada.request(frame, 'ack');
    expect(second.messageId).toBe(first.messageId);

    await bob.waitFor('the message', () => messagesWithId(bob, first.messageId).length > 0);
    await new Promise((r) => setTimeout(r, 1500));
    expect(bob.ofType('message').filter((m) => m.clientMsgId === 'same-id')).toHaveLength(1);
    const page = await bob.request({ action: 'history', roomId: 'dedup' }, 'history');
    expect(page.messages.map((m) => m.text)).toEqual(['once']);
  });

  it('pages history before and after a message id', async () => {
    const ada = await connect('ada');
    await join(ada, 'pages');
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const ack = await ada.request(
        { action: 'sendMessage', roomId: 'pages', text: `m${i}`, clientMsgId: `p${i}` },
        'ack',
      );
      ids.push(ack.messageId);
    }
    const latest = await ada.request({ action: 'history', roomId: 'pages', limit: 3 }, 'history');
    expect(latest.messages.map((m) => m.text)).toEqual(['m4', 'm5', 'm6']);
    expect(latest.hasMore).toBe(true);

    const older = await ada.request(
      { action: 'history', roomId: 'pages', limit: 3, before: ids[4] },
      'history',
    );
    expect(older.messages.map((m) => m.text)).toEqual(['m1', 'm2', 'm3']);
    expect(older.hasMore).toBe(true);

    const oldest = await ada.request(
      { action: 'history', roomId: 'pages', limit: 3, before: ids[1] },
      'history',
    );
    expect(oldest.messages.map((m) => m.text)).toEqual(['m0']);
    expect(oldest.hasMore).toBe(false);

    const catchUp = await ada.request(
      { action: 'history', roomId: 'pages', limit: 4, after: ids[1] },
      'history',
    );
    expect(catchUp.messages.map((m) => m.text)).toEqual(['m2', 'm3', 'm4', 'm5']);
    expect(catchUp.hasMore).toBe(true);
  });

  it('answers presence and forgets a connection that leaves or disconnects', async () => {
    const ada = await connect('ada');
    const bob = await connect('bob');
    await join(ada, 'here');
    await join(bob, 'here');
    const both = await ada.request({ action: 'whoIsOnline', roomId: 'here' }, 'presence');
    expect(both.users).toEqual(['ada', 'bob']);

    const afterLeave = await bob.request({ action: 'leaveRoom', roomId: 'here' }, 'presence');
    expect(afterLeave.users).toEqual(['ada']);

    const adaId = await connectionIdOf('ada');
    expect((await rowsOf(adaId)).length).toBeGreaterThanOrEqual(2); // META + membership
    await ada.close();
    await eventually('ada’s rows are gone after $disconnect', async () => (await rowsOf(adaId)).length === 0);
    // Presence is for members: Bob joins again and finds only himself.
    await join(bob, 'here');
    const none = await bob.request({ action: 'whoIsOnline', roomId: 'here' }, 'presence');
    expect(none.users).toEqual(['bob']);
  });

  it('removes the rows of a connection that died without $disconnect when delivery answers 410', async () => {
    const ada = await connect('ada');
    await join(ada, 'ghosts');
    // A connection whose $disconnect never ran (API Gateway only tries its best): its rows are
    // still in the table, but the gateway no longer knows the id.
    const ghost = 'GhostConnXYZ12=';
    const put = (pk: string, sk: string, extra: Record<string, { S: string } | { N: string }> = {}) =>
      dynamo.send(
        new PutItemCommand({
          TableName: cloud.endpoints.tables['ConnectionsTable'],
          Item: { pk: { S: pk }, sk: { S: sk }, connectionId: { S: ghost }, ...extra },
        }),
      );
    const ttl = { N: String(Math.floor(Date.now() / 1000) + 3600) };
    await put(`CONN#${ghost}`, 'META', {
      userName: { S: 'ghost' },
      connectedAt: { N: String(Date.now()) },
      ttl,
    });
    await put(`CONN#${ghost}`, 'ROOM#ghosts', {
      roomId: { S: 'ghosts' },
      shard: { N: '0' },
      joinedAt: { N: String(Date.now()) },
      ttl,
    });
    const member = roomMemberKey('ghosts', ghost, stageRoomShards());
    await put(member.pk, member.sk, { roomId: { S: 'ghosts' }, userName: { S: 'ghost' }, ttl });
    expect((await rowsOf(ghost)).length).toBe(2);

    const ack = await ada.request(
      { action: 'sendMessage', roomId: 'ghosts', text: 'anyone?', clientMsgId: 'g1' },
      'ack',
    );
    await ada.waitFor('the message', () => messagesWithId(ada, ack.messageId).length === 1);
    await eventually(
      'the ghost’s rows are removed after PostToConnection answered 410',
      async () => (await rowsOf(ghost)).length === 0,
    );
  });

  it('answers bad frames with precise error frames and keeps the connection open', async () => {
    const ada = await connect('ada');
    const unknown = await ada.request({ action: 'shout', roomId: 'x' }, 'error');
    expect(unknown).toMatchObject({ code: 'UNKNOWN_ACTION', action: 'shout' });
    expect(unknown.message).toContain('shout');

    const malformed = await ada.request('{"action": "sendMessage", ', 'error');
    expect(malformed.code).toBe('MALFORMED_FRAME');

    const wrongType = await ada.request({ action: 'history', roomId: 'x', limit: 'ten' }, 'error');
    expect(wrongType).toMatchObject({ code: 'INVALID_FRAME', action: 'history', roomId: 'x' });

    const tooLong = await ada.request(
      { action: 'sendMessage', roomId: 'x', text: 'y'.repeat(4001), clientMsgId: 'c' },
      'error',
    );
    expect(tooLong).toMatchObject({ code: 'INVALID_FRAME', clientMsgId: 'c' });

    expect(ada.isOpen).toBe(true);
    const pong = await ada.request({ action: 'ping', ts: 42 }, 'pong');
    expect(pong.ts).toBe(42);
  });

  it('lets one connection into at most maxRoomsPerConnection rooms (50) and refuses the next', async () => {
    const ada = await connect('ada');
    for (let i = 0; i < 50; i += 1) {
      await ada.request(
        { action: 'joinRoom', roomId: `many-${i}` },
        'presence',
        (f) => f.roomId === `many-${i}`,
      );
    }
    const refused = await ada.request({ action: 'joinRoom', roomId: 'many-50' }, 'error');
    expect(refused).toMatchObject({ code: 'TOO_MANY_ROOMS', action: 'joinRoom', roomId: 'many-50' });
    // A room already joined is not a new one; leaving one frees a place.
    await ada.request({ action: 'joinRoom', roomId: 'many-7' }, 'presence', (f) => f.roomId === 'many-7');
    await ada.request({ action: 'leaveRoom', roomId: 'many-0' }, 'presence', (f) => f.roomId === 'many-0');
    await ada.request({ action: 'joinRoom', roomId: 'many-50' }, 'presence', (f) => f.roomId === 'many-50');
  });

  it('closes with 1009 on a frame over 32 KB', async () => {
    const ada = await connect('ada');
    ada.send({ action: 'sendMessage', roomId: 'x', text: 'z'.repeat(40 * 1024), clientMsgId: 'big' });
    await ada.waitFor('the close', () => ada.closeCode !== undefined);
    expect(ada.closeCode).toBe(1009);
  });

  it('refuses a handshake with only the old ?name= (no token) with 401', async () => {
    await expect(ChatClient.open(cloud.endpoints.websocketUrl, '?name=ada')).rejects.toMatchObject({
      status: 401,
    });
  });

  it('delivers one message to all 200 members of a room exactly once', async () => {
    const members = await Promise.all(Array.from({ length: 200 }, (_, i) => connect(`user${i}`)));
    for (let i = 0; i < members.length; i += 20) {
      await Promise.all(members.slice(i, i + 20).map((m) => join(m, 'crowd')));
    }
    const ack = await members[0]!.request(
      { action: 'sendMessage', roomId: 'crowd', text: 'to everyone', clientMsgId: 'crowd-1' },
      'ack',
    );
    await Promise.all(
      members.map((m) =>
        m.waitFor('the crowd message', () => messagesWithId(m, ack.messageId).length > 0, 60_000),
      ),
    );
    await new Promise((r) => setTimeout(r, 1500));
    for (const member of members) expect(messagesWithId(member, ack.messageId)).toHaveLength(1);
  });
});
