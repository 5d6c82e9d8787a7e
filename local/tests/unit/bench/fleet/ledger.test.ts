import { DeliveryLedger } from '../../../../bench/fleet/ledger';
import { summarizeLatency } from '../../../../bench/latency';

function ledgerWith(members = 3): DeliveryLedger {
  const ledger = new DeliveryLedger(1000);
  ledger.expect('m1', { series: 'fanout', group: 'room', members, sentAt: 100 });
  return ledger;
}

describe('DeliveryLedger', () => {
  it('counts one copy per member as exactly once, with send → copy latencies', () => {
    const ledger = ledgerWith();
    ledger.arrive('m1', 'room', 0, 110);
    ledger.arrive('m1', 'room', 1, 120);
    ledger.arrive('m1', 'room', 2, 130);
    const snapshot = ledger.snapshot('fanout');
    expect(snapshot.tally).toEqual({
      messages: 1,
      expected: 3,
      received: 3,
      missing: 0,
      duplicates: 0,
      strays: 0,
      refused: 0,
    });
    const latency = summarizeLatency(snapshot.latency)!;
    expect(latency.count).toBe(3);
    expect(latency.minMs).toBeCloseTo(10, 1);
    expect(latency.maxMs).toBeCloseTo(30, 1);
    expect(ledger.round('m1')).toEqual({ sentAt: 100, firstAt: 110, lastAt: 130, reached: 3, members: 3 });
    expect(snapshot.spanMs).toBe(30);
  });

  it('tells missing copies from duplicates, member by member', () => {
    const ledger = ledgerWith();
    ledger.arrive('m1', 'room', 0, 110);
    ledger.arrive('m1', 'room', 0, 111);
    ledger.arrive('m1', 'room', 0, 112);
    ledger.arrive('m1', 'room', 2, 120);
    expect(ledger.snapshot('fanout').tally).toMatchObject({
      expected: 3,
      received: 4,
      missing: 1,
      duplicates: 2,
    });
    // A duplicate never moves the last-arrival time or adds a latency sample.
    expect(ledger.round('m1')?.lastAt).toBe(120);
    expect(ledger.snapshot('fanout').latency.totalCount).toBe(2);
  });

  it('counts copies to sockets outside the room as strays, and tags never sent as unknown', () => {
    const ledger = ledgerWith();
    ledger.arrive('m1', 'other-room', 0, 110);
    ledger.arrive('m1', 'room', 7, 110);
    ledger.arrive('never-sent', 'room', 0, 110);
    expect(ledger.snapshot('fanout').tally).toMatchObject({ strays: 2, received: 0, missing: 3 });
    expect(ledger.unknownCopies).toBe(1);
  });

  it('keeps series apart', () => {
    const ledger = ledgerWith(1);
    ledger.expect('b1', { series: 'baseline', group: 'room', members: 1, sentAt: 0 });
    ledger.arrive('b1', 'room', 0, 5);
    expect(ledger.snapshot('fanout').tally.missing).toBe(1);
    expect(ledger.snapshot('baseline').tally).toMatchObject({ messages: 1, missing: 0 });
    expect(ledger.snapshot('nothing').tally.messages).toBe(0);
  });

  it('records the ack once, and a refusal removes the message from what is owed', () => {
    const ledger = ledgerWith();
    ledger.ack('m1', 104);
    ledger.ack('m1', 150);
    expect(ledger.round('m1')?.ackAt).toBe(104);
    expect(summarizeLatency(ledger.snapshot('fanout').ack)?.maxMs).toBeCloseTo(4, 2);
    ledger.refuse('m1', 'INVALID_FRAME: text');
    const snapshot = ledger.snapshot('fanout');
    expect(snapshot.tally).toMatchObject({ messages: 0, expected: 0, missing: 0, refused: 1 });
    expect(snapshot.refusals).toEqual(['INVALID_FRAME: text']);
  });

  it('buckets first copies by time since the series began', () => {
    const ledger = new DeliveryLedger(100);
    ledger.expect('a', { series: 's', group: 'g', members: 2, sentAt: 0 });
    ledger.expect('b', { series: 's', group: 'g', members: 2, sentAt: 150 });
    ledger.arrive('a', 'g', 0, 50);
    ledger.arrive('a', 'g', 1, 99);
    ledger.arrive('b', 'g', 0, 250);
    ledger.arrive('b', 'g', 0, 260);
    expect(ledger.snapshot('s').timeline).toEqual([2, 0, 1]);
  });

  it('refuses a tag twice and a message for nobody', () => {
    const ledger = ledgerWith();
    expect(() => ledger.expect('m1', { series: 'x', group: 'g', members: 1, sentAt: 0 })).toThrow(/already/);
    expect(() => ledger.expect('m2', { series: 'x', group: 'g', members: 0, sentAt: 0 })).toThrow(
      /at least one/,
    );
  });

  describe('completion (woken by the arrival, not polled)', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('resolves true when the last member gets its copy', async () => {
      const ledger = ledgerWith(2);
      const done = ledger.whenComplete('m1', 10_000);
      const series = ledger.whenSeriesComplete('fanout', 10_000);
      ledger.arrive('m1', 'room', 0, 1);
      ledger.arrive('m1', 'room', 1, 2);
      await expect(done).resolves.toBe(true);
      await expect(series).resolves.toBe(true);
      await expect(ledger.whenComplete('m1', 1)).resolves.toBe(true);
    });

    it('resolves false at the timeout when a member never gets it', async () => {
      const ledger = ledgerWith(2);
      const done = ledger.whenComplete('m1', 5_000);
      ledger.arrive('m1', 'room', 0, 1);
      jest.advanceTimersByTime(5_000);
      await expect(done).resolves.toBe(false);
    });

    it('counts a refused message as settled', async () => {
      const ledger = ledgerWith(2);
      const done = ledger.whenSeriesComplete('fanout', 5_000);
      ledger.refuse('m1', 'THROTTLED');
      await expect(done).resolves.toBe(true);
    });

    it('rejects waiting on a tag it never saw', async () => {
      await expect(ledgerWith().whenComplete('nope', 1)).rejects.toThrow(/not in the ledger/);
    });
  });
});
