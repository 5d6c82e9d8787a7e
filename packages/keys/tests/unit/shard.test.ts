import { randomBytes } from 'node:crypto';
import { fmix32, fnv1a, roomShard, roomShardsFromEnv } from '../../src/index';

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});

describe('fmix32', () => {
  it('matches MurmurHash3 fmix32 and maps 0 to 0', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
  });
});

describe('roomShard', () => {
  it('is stable and within range', () => {
    expect(roomShard('R1kmxc2VNjMCFIA=', 8)).toBe(roomShard('R1kmxc2VNjMCFIA=', 8));
    for (let i = 0; i < 100; i += 1) {
      const shard = roomShard(`conn-${i}=`, 7);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(7);
    }
    expect(roomShard('anything', 1)).toBe(0);
  });

  it('spreads API Gateway-shaped ids evenly over the shards', () => {
    const shards = 8;
    const counts = new Array<number>(shards).fill(0);
    for (let i = 0; i < 8000; i += 1) {
      // API Gateway's shape: 15 base64url characters and a final '=' (here 11 random bytes).
      const id = `${randomBytes(11).toString('base64url').slice(0, 15)}=`;
      const shard = roomShard(id, shards);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    for (const count of counts) {
      expect(count).toBeGreaterThan(800);
      expect(count).toBeLessThan(1200);
    }
  });

  it('refuses a shard count that is not a positive integer', () => {
    expect(() => roomShard('x', 0)).toThrow(RangeError);
    expect(() => roomShard('x', 1.5)).toThrow(/positive integer/);
  });
});

describe('roomShardsFromEnv', () => {
  it('defaults to one shard and validates the value', () => {
    expect(roomShardsFromEnv({})).toBe(1);
    expect(roomShardsFromEnv({ ROOM_SHARDS: '16' })).toBe(16);
    expect(() => roomShardsFromEnv({ ROOM_SHARDS: 'many' })).toThrow(/ROOM_SHARDS must be an integer/);
    expect(() => roomShardsFromEnv({ ROOM_SHARDS: '0' })).toThrow(RangeError);
  });
});
