import { dueBy, loadSlot, plannedMessages, runOpenLoop } from '../../../../bench/fleet/load';

const rooms = [
  { group: 'a', roomId: 'ra', senders: 2 },
  { group: 'b', roomId: 'rb', senders: 3 },
];

describe('sustained load schedule', () => {
  it('goes round the rooms, and round each room’s senders', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((k) => loadSlot(k, rooms))).toEqual([
      { room: 0, sender: 0 },
      { room: 1, sender: 0 },
      { room: 0, sender: 1 },
      { room: 1, sender: 1 },
      { room: 0, sender: 0 },
      { room: 1, sender: 2 },
      { room: 0, sender: 1 },
      { room: 1, sender: 0 },
    ]);
    expect(() => loadSlot(0, [])).toThrow(/at least one room/);
  });

  it('has message k due at k/rate seconds (open loop), capped at the total', () => {
    expect(dueBy(0, 10, 100)).toBe(1);
    expect(dueBy(99, 10, 100)).toBe(1);
    expect(dueBy(100, 10, 100)).toBe(2);
    expect(dueBy(60_000, 10, 100)).toBe(100);
    expect(plannedMessages(20, 30)).toBe(600);
    expect(plannedMessages(1, 0.1)).toBe(1);
  });

  it('sends every message once, in order, on a timer', async () => {
    jest.useFakeTimers();
    try {
      const sent: number[] = [];
      const done = runOpenLoop(
        100,
        25,
        (k) => sent.push(k),
        () => undefined,
      );
      await jest.advanceTimersByTimeAsync(1_000);
      await expect(done).resolves.toBeGreaterThanOrEqual(0);
      expect(sent).toEqual([...Array(25).keys()]);
    } finally {
      jest.useRealTimers();
    }
  });
});
