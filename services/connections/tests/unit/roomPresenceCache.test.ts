import { PRESENCE_CACHE_MAX_ROOMS, RoomPresenceCache } from '../../src/roomPresenceCache';

function clockAt(start: number) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('RoomPresenceCache', () => {
  it('keeps an incomplete read until its interval has passed', () => {
    const clock = clockAt(10_000);
    const cache = new RoomPresenceCache({ ttlMs: 2_000, now: clock.now });
    cache.remember('big', { names: ['Ada', 'Bob'], complete: false });
    clock.advance(1_999);
    expect(cache.find('big')).toEqual({ names: ['Ada', 'Bob'], complete: false });
    clock.advance(1);
    expect(cache.find('big')).toBeUndefined();
  });

  it('never keeps a complete read, and a complete read forgets an older sample', () => {
    const cache = new RoomPresenceCache({ ttlMs: 2_000, now: () => 0 });
    cache.remember('room', { names: ['Ada'], complete: true });
    expect(cache.find('room')).toBeUndefined();
    cache.remember('room', { names: ['Ada', 'Bob'], complete: false });
    cache.remember('room', { names: ['Ada'], complete: true });
    expect(cache.find('room')).toBeUndefined();
  });

  it('keeps nothing when its interval is 0 (off)', () => {
    const cache = new RoomPresenceCache({ ttlMs: 0, now: () => 0 });
    cache.remember('big', { names: ['Ada'], complete: false });
    expect(cache.find('big')).toBeUndefined();
  });

  it('hands out copies, so a caller changing its answer does not change the sample', () => {
    const cache = new RoomPresenceCache({ ttlMs: 2_000, now: () => 0 });
    const read = { names: ['Ada'], complete: false };
    cache.remember('big', read);
    read.names.push('Mallory');
    cache.find('big')?.names.push('Eve');
    expect(cache.find('big')?.names).toEqual(['Ada']);
  });

  it('remembers at most maxRooms rooms, forgetting the one kept longest ago', () => {
    const cache = new RoomPresenceCache({ ttlMs: 2_000, maxRooms: 2, now: () => 0 });
    cache.remember('a', { names: ['1'], complete: false });
    cache.remember('b', { names: ['2'], complete: false });
    cache.remember('c', { names: ['3'], complete: false });
    expect(cache.find('a')).toBeUndefined();
    expect(cache.find('b')?.names).toEqual(['2']);
    expect(cache.find('c')?.names).toEqual(['3']);
  });

  it('bounds its memory by default', () => {
    const cache = new RoomPresenceCache({ ttlMs: 2_000, now: () => 0 });
    for (let i = 0; i <= PRESENCE_CACHE_MAX_ROOMS; i += 1) {
      cache.remember(`room-${i}`, { names: ['x'], complete: false });
    }
    expect(cache.find('room-0')).toBeUndefined();
    expect(cache.find(`room-${PRESENCE_CACHE_MAX_ROOMS}`)).toBeDefined();
  });
});
