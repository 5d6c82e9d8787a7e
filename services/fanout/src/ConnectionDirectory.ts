// Where the fan-out learns who is in a room and forgets connections that are gone. The connections
// service owns the table; we only read room-member items and delete a dead connection's rows.

export interface ConnectionDirectory {
  /** Number of shards a room is spread over (ROOM_SHARDS). */
  readonly shards: number;
  /** Connection ids in one shard of a room, page by page (KEYS_ONLY-style, never a Scan). */
  roomShardPages(roomId: string, shard: number): AsyncIterable<string[]>;
  /**
   * Deletes every row of one connection: its META row, its memberships and the room-member items
   * of every room it joined. Returns how many items were deleted.
   */
  deleteConnection(connectionId: string): Promise<number>;
}
