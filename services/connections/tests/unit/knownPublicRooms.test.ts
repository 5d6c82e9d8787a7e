import { KNOWN_PUBLIC_ROOMS_MAX, KnownPublicRooms } from '../../src/knownPublicRooms';

describe('KnownPublicRooms', () => {
  it('knows only the ids it was told', () => {
    const known = new KnownPublicRooms();
    known.remember('lobby');
    expect(known.has('lobby')).toBe(true);
    expect(known.has('random')).toBe(false);
  });

  it('forgets the oldest id first once full, and keeps its size', () => {
    const known = new KnownPublicRooms(3);
    for (const id of ['a', 'b', 'c']) known.remember(id);
    known.remember('a'); // already known: not a new entry, not moved
    known.remember('d');
    expect(['a', 'b', 'c', 'd'].map((id) => known.has(id))).toEqual([false, true, true, true]);
  });

  it('holds at most KNOWN_PUBLIC_ROOMS_MAX ids by default', () => {
    const known = new KnownPublicRooms();
    for (let i = 0; i <= KNOWN_PUBLIC_ROOMS_MAX; i += 1) known.remember(`room-${i}`);
    expect(known.has('room-0')).toBe(false);
    expect(known.has(`room-${KNOWN_PUBLIC_ROOMS_MAX}`)).toBe(true);
  });

  it('remembers nothing when its size is 0', () => {
    const known = new KnownPublicRooms(0);
    known.remember('lobby');
    expect(known.has('lobby')).toBe(false);
  });
});
