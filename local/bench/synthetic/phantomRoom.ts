// The room-member rows of a phantom room, written straight into the connections table with
// BatchWriteItem (no $connect, no joinRoom): the dispatcher pages them like any room's members
// and the gateway answers the posts to them (docs/local-cloud.md#phantom-connections).
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { connectionTtl, roomMemberKey } from '@chorus/keys';

/** BatchWriteItem takes at most 25 requests. */
const BATCH = 25;
const MAX_TRIES = 10;

export interface PhantomRoom {
  dynamo: DynamoDBClient;
  tableName: string;
  roomId: string;
  /** Connection ids are `${prefix}${index}`, as the gateway's phantoms. */
  prefix: string;
  count: number;
  /** ROOM_SHARDS of the stage. */
  shards: number;
  /** BatchWriteItem calls in flight. */
  concurrency?: number;
  onProgress?(done: number): void;
}

function phantomId(room: PhantomRoom, index: number): string {
  return `${room.prefix}${index}`;
}

function putRequest(room: PhantomRoom, index: number, ttl: number): WriteRequest {
  const connectionId = phantomId(room, index);
  const key = roomMemberKey(room.roomId, connectionId, room.shards);
  return {
    PutRequest: {
      Item: {
        pk: { S: key.pk },
        sk: { S: key.sk },
        connectionId: { S: connectionId },
        roomId: { S: room.roomId },
        userName: { S: `phantom ${index}` },
        ttl: { N: String(ttl) },
      },
    },
  };
}

function deleteRequest(room: PhantomRoom, index: number): WriteRequest {
  const key = roomMemberKey(room.roomId, phantomId(room, index), room.shards);
  return { DeleteRequest: { Key: { pk: { S: key.pk }, sk: { S: key.sk } } } };
}

/** Writes one chunk, re-sending UnprocessedItems with a short backoff; throws after MAX_TRIES. */
async function writeChunk(room: PhantomRoom, requests: WriteRequest[]): Promise<void> {
  let pending = requests;
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > MAX_TRIES)
      throw new Error(
        `BatchWriteItem left ${pending.length} phantom rows unprocessed after ${MAX_TRIES} tries`,
      );
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 20 * 2 ** attempt)));
    const { UnprocessedItems } = await room.dynamo.send(
      new BatchWriteItemCommand({ RequestItems: { [room.tableName]: pending } }),
    );
    pending = UnprocessedItems?.[room.tableName] ?? [];
  }
}

async function writeAll(room: PhantomRoom, request: (index: number) => WriteRequest): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < room.count) {
      const start = next;
      next = Math.min(room.count, next + BATCH);
      const chunk = Array.from({ length: next - start }, (_, i) => request(start + i));
      await writeChunk(room, chunk);
      done += chunk.length;
      room.onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: room.concurrency ?? 8 }, worker));
}

/** Seeds `count` room-member rows for the phantoms of `prefix`. */
export function seedPhantomRoom(room: PhantomRoom): Promise<void> {
  const ttl = connectionTtl(Date.now());
  return writeAll(room, (index) => putRequest(room, index, ttl));
}

/** Deletes the rows seedPhantomRoom wrote (deleting a missing row is fine). */
export function removePhantomRoom(room: PhantomRoom): Promise<void> {
  return writeAll(room, (index) => deleteRequest(room, index));
}
