// Phantom connections through the whole pipeline: 2,000 room-member rows with no socket, one real
// sender, the gateway throttling @connections to a small R/B. Every phantom must be posted exactly
// once however many 429s the workers meet on the way (time is never asserted).
import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { roomShardPks } from '@chorus/keys';
import { LocalAdmin } from '../../bench/synthetic/admin';
import { removePhantomRoom, seedPhantomRoom, type PhantomRoom } from '../../bench/synthetic/phantomRoom';
import { runRound } from '../../bench/synthetic/round';
import { ChatClient } from './support/chatClient';
import { startLocalCloud, type RunningCloud } from './support/localCloudProcess';

const PHANTOMS = 2_000;
const SHARDS = 4;

let cloud: RunningCloud;
let dynamo: DynamoDBClient;
let admin: LocalAdmin;

beforeAll(async () => {
  cloud = await startLocalCloud();
  admin = new LocalAdmin(cloud.endpoints);
  dynamo = new DynamoDBClient({
    endpoint: cloud.endpoints.dynamodbEndpoint,
    region: cloud.endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}, 120_000);

afterAll(async () => {
  dynamo?.destroy();
  await cloud?.stop();
});

async function rowsOf(room: PhantomRoom): Promise<number> {
  let rows = 0;
  for (const pk of roomShardPks(room.roomId, SHARDS)) {
    const { Count = 0 } = await dynamo.send(
      new QueryCommand({
        TableName: room.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
        Select: 'COUNT',
      }),
    );
    rows += Count;
  }
  return rows;
}

it('posts every phantom of a 2,000-row room exactly once despite the 429s of a small R/B', async () => {
  const room: PhantomRoom = {
    dynamo,
    tableName: cloud.endpoints.tables['ConnectionsTable']!,
    roomId: 'phantoms',
    prefix: 'ph-it-',
    count: PHANTOMS,
    shards: SHARDS,
  };
  const sender = await ChatClient.connect(cloud.endpoints, 'sender');
  await sender.request({ action: 'joinRoom', roomId: room.roomId }, 'presence');
  await admin.registerPhantoms(room.prefix, PHANTOMS);
  await seedPhantomRoom(room);
  // the phantoms' rows and the sender's own
  expect(await rowsOf(room)).toBe(PHANTOMS + 1);
  // 400/s past a bucket of 100: the 8 workers × 32 in flight offer far more, so most first
  // attempts past the burst meet an empty bucket.
  await admin.setThrottle({ rate: 400, burst: 100, latencyMs: 5 });

  const round = await runRound({
    admin,
    sender,
    roomId: room.roomId,
    tag: 'syn-it',
    text: 'to every phantom',
    count: PHANTOMS,
    stallMs: 90_000,
  });

  expect(round.stalled).toBe(false);
  expect(round.stats).toMatchObject({ registered: PHANTOMS, posted: PHANTOMS, duplicates: 0 });
  expect(round.throttle.throttled).toBeGreaterThan(0);
  // Every admitted post reached a phantom once, plus the sender's own copy.
  expect(round.throttle.admitted).toBe(PHANTOMS + 1);
  expect(round.senderCopy).toBe(true);

  await removePhantomRoom(room);
  expect(await rowsOf(room)).toBe(1);
  await admin.clearThrottle();
  await admin.clearPhantoms();
  expect(await admin.phantoms()).toMatchObject({ registered: 0 });
  await sender.close();
}, 240_000);
