// Room sharding. FNV-1a is tiny, fast and spreads API Gateway's random connection ids evenly; it
// must never change, because the shard of an existing member is recomputed from its id.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnv1a(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash >>> 0;
}

/** The shard (0 … shards-1) a connection's room-member item lives in. */
export function roomShard(connectionId: string, shards: number): number {
  if (!Number.isInteger(shards) || shards < 1) {
    throw new RangeError(`room shard count must be a positive integer, got ${shards}`);
  }
  return fnv1a(connectionId) % shards;
}

/** Reads ROOM_SHARDS from the environment (default 1); a bad value fails at cold start, loudly. */
export function roomShardsFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env['ROOM_SHARDS'] ?? '1';
  const shards = Number(raw);
  if (!Number.isInteger(shards) || shards < 1 || shards > 1000) {
    throw new RangeError(`ROOM_SHARDS must be an integer from 1 to 1000, got "${raw}"`);
  }
  return shards;
}
