// Where the fan-out learns who is in a room and forgets connections that are gone. The connections
// service owns the table; we only read room-member items and delete a dead connection's rows.
import type { ShardCursor } from './deliveryJob';

export interface RoomShardPage {
  connectionIds: string[];
  /** Where the next page starts; absent on the last page. */
  next?: ShardCursor;
}

export interface ConnectionDirectory {
  /** Number of shards a room is spread over (ROOM_SHARDS). */
  readonly shards: number;
  /**
   * Connection ids in one shard of a room, page by page (KEYS_ONLY-style, never a Scan), starting
   * after `from` when given.
   */
  roomShardPages(roomId: string, shard: number, from?: ShardCursor): AsyncIterable<RoomShardPage>;
  /**
   * Deletes every row of one connection: its META row, its memberships and the room-member items
   * of every room it joined. Returns how many items were deleted.
   */
  deleteConnection(connectionId: string): Promise<number>;
}
