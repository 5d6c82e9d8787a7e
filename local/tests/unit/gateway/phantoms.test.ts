import {
  parsePhantomRegistration,
  PhantomConnections,
  PhantomSettingsError,
} from '../../../src/gateway/phantoms';

function pinned(): { phantoms: PhantomConnections; advance(ms: number): void } {
  let now = 1_700_000_000_000;
  return { phantoms: new PhantomConnections(() => now), advance: (ms) => void (now += ms) };
}

describe('PhantomConnections', () => {
  it('knows exactly prefix + 0…count-1', () => {
    const { phantoms } = pinned();
    phantoms.register({ prefix: 'ph-a-', count: 3 });
    expect(['ph-a-0', 'ph-a-1', 'ph-a-2'].map((id) => phantoms.has(id))).toEqual([true, true, true]);
    for (const id of ['ph-a-3', 'ph-a-01', 'ph-a-', 'ph-a-1x', 'ph-b-0', 'AAAAAAAAAAAAAAA=', 'ph-a--1'])
      expect(phantoms.has(id)).toBe(false);
  });

  it('counts each phantom once, the rest as duplicates, and when the last one was reached', () => {
    const { phantoms, advance } = pinned();
    phantoms.register({ prefix: 'p', count: 3 });
    expect(phantoms.post('p0')).toBe(true);
    advance(150);
    expect(phantoms.post('p1')).toBe(true);
    expect(phantoms.post('p1')).toBe(true);
    expect(phantoms.post('nobody')).toBe(false);
    expect(phantoms.stats()).toEqual({
      registered: 3,
      posted: 2,
      duplicates: 1,
      firstPostAt: 1_700_000_000_000,
      bucketMs: 100,
      perBucket: [1, 1],
    });
    advance(100);
    phantoms.post('p2');
    expect(phantoms.stats()).toMatchObject({
      posted: 3,
      completedAt: 1_700_000_000_250,
      perBucket: [1, 1, 1],
    });
  });

  it('resets the counts for the next message, keeping the phantoms', () => {
    const { phantoms } = pinned();
    phantoms.register({ prefix: 'p', count: 2 });
    phantoms.post('p0');
    phantoms.post('p0');
    phantoms.resetCounts();
    expect(phantoms.stats()).toEqual({
      registered: 2,
      posted: 0,
      duplicates: 0,
      bucketMs: 100,
      perBucket: [],
    });
    phantoms.post('p0');
    expect(phantoms.stats()).toMatchObject({ posted: 1, duplicates: 0 });
  });

  it('forgets a removed phantom and, on clear, every one', () => {
    const { phantoms } = pinned();
    phantoms.register({ prefix: 'p', count: 2 });
    expect(phantoms.remove('p1')).toBe(true);
    expect(phantoms.post('p1')).toBe(false);
    expect(phantoms.remove('p1')).toBe(false);
    phantoms.clear();
    expect(phantoms.post('p0')).toBe(false);
    expect(phantoms.stats().registered).toBe(0);
  });
});

describe('parsePhantomRegistration', () => {
  it('takes a prefix and a count', () => {
    expect(parsePhantomRegistration({ prefix: 'ph-1a_', count: 100_000 })).toEqual({
      prefix: 'ph-1a_',
      count: 100_000,
    });
  });

  it.each([
    [[], 'phantom registration must be a JSON object'],
    [{ count: 1 }, 'prefix must be 1-40 characters'],
    [{ prefix: 'a/b', count: 1 }, 'prefix must be 1-40 characters'],
    [{ prefix: 'p', count: 0 }, 'count must be a whole number from 1 to 2000000'],
    [{ prefix: 'p', count: 2_000_001 }, 'count must be a whole number from 1 to 2000000'],
  ])('refuses %j', (raw, message) => {
    expect(() => parsePhantomRegistration(raw)).toThrow(PhantomSettingsError);
    expect(() => parsePhantomRegistration(raw)).toThrow(message);
  });
});
