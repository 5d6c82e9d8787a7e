// Room sharding: FNV-1a plus a finalizer is tiny, fast and spreads API Gateway's random connection
// ids evenly. It must never change, because the shard of an existing member is recomputed from its id.

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

/**
 * MurmurHash3's finalizer. FNV-1a alone is weak in its low bits (a product's low k bits depend only
 * on the operands' low k bits), and `mod shards` reads exactly those bits; this spreads them.
 */
export function fmix32(hash: number): number {
  let h = hash >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** The shard (0 … shards-1) a connection's room-member item lives in. */
export function roomShard(connectionId: string, shards: number): number {
  if (!Number.isInteger(shards) || shards < 1) {
    throw new RangeError(`room shard count must be a positive integer, got ${shards}`);
  }
  return fmix32(fnv1a(connectionId)) % shards;
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
