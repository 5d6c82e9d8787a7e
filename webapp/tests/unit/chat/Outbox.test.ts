import { asyncScheduler } from 'rxjs';
import { Outbox, type OutgoingMessage } from '../../../src/app/chat/outbox';

const ACK_TIMEOUT_MS = 10_000;

function createOutbox(online = true) {
  const wire: OutgoingMessage[] = [];
  const link = { online };
  const outbox = new Outbox({
    transmit: (entry) => {
      if (!link.online) return false;
      wire.push(entry);
      return true;
    },
    scheduler: asyncScheduler,
    ackTimeoutMs: ACK_TIMEOUT_MS,
  });
  return { outbox, wire, link };
}

describe('Outbox', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('keeps an entry pending until settled, and sends it once per connection', () => {
    const { outbox, wire, link } = createOutbox(false);
    outbox.add('c1', 'hello');
    expect(outbox.entries()).toEqual([{ clientMsgId: 'c1', text: 'hello', status: 'pending' }]);
    expect(wire).toEqual([]);

    link.online = true;
    outbox.flush();
    outbox.flush();
    expect(wire.map((entry) => entry.clientMsgId)).toEqual(['c1']);

    expect(outbox.settle('c1')).toMatchObject({ text: 'hello' });
    expect(outbox.entries()).toEqual([]);
    expect(outbox.settle('c1')).toBeUndefined();
  });

  it('resends what was in flight after the connection is suspended, with the same clientMsgId', () => {
    const { outbox, wire } = createOutbox();
    outbox.add('c1', 'hello');
    outbox.suspend();
    jest.advanceTimersByTime(ACK_TIMEOUT_MS * 2);
    expect(outbox.entries()[0]?.status).toBe('pending');

    outbox.flush();
    expect(wire.map((entry) => entry.clientMsgId)).toEqual(['c1', 'c1']);
  });

  it('fails an entry without an ack in time, and retries it with the same clientMsgId', () => {
    const { outbox, wire } = createOutbox();
    outbox.add('c1', 'hello');
    jest.advanceTimersByTime(ACK_TIMEOUT_MS);
    expect(outbox.entries()[0]).toMatchObject({
      status: 'failed',
      failure: expect.stringMatching(/in time/),
    });

    outbox.retry('c1');
    expect(outbox.entries()[0]).toEqual({ clientMsgId: 'c1', text: 'hello', status: 'pending' });
    expect(wire.map((entry) => entry.clientMsgId)).toEqual(['c1', 'c1']);
  });

  it('fails an entry the server refused and ignores a retry of one that is not failed', () => {
    const { outbox, wire } = createOutbox();
    outbox.add('c1', 'hello');
    outbox.retry('c1');
    expect(wire).toHaveLength(1);

    outbox.fail('c1', 'Slow down');
    expect(outbox.has('c1')).toBe(true);
    expect(outbox.entries()[0]).toMatchObject({ status: 'failed', failure: 'Slow down' });
    // The refusal cleared the ack deadline: no second failure message replaces the server's.
    jest.advanceTimersByTime(ACK_TIMEOUT_MS);
    expect(outbox.entries()[0]?.failure).toBe('Slow down');
  });

  it('resends a rate-limited entry by itself after the wait, staying pending, and not before', () => {
    const { outbox, wire } = createOutbox();
    outbox.add('c1', 'hello');
    outbox.resendAfter('c1', 1_500);
    outbox.flush(); // waiting counts as in flight: no early resend
    jest.advanceTimersByTime(1_499);
    expect(wire.map((entry) => entry.clientMsgId)).toEqual(['c1']);
    expect(outbox.entries()[0]?.status).toBe('pending');

    jest.advanceTimersByTime(1);
    expect(wire.map((entry) => entry.clientMsgId)).toEqual(['c1', 'c1']);
    // The resend has its own ack deadline.
    jest.advanceTimersByTime(ACK_TIMEOUT_MS);
    expect(outbox.entries()[0]?.status).toBe('failed');
  });

  it('drops the wait of a rate-limited entry on suspend and sends it on the next flush', () => {
    const { outbox, wire } = createOutbox();
    outbox.add('c1', 'hello');
    outbox.resendAfter('c1', 5_000);
    outbox.suspend();
    outbox.flush();
    expect(wire.map((entry) => entry.clientMsgId)).toEqual(['c1', 'c1']);
    jest.advanceTimersByTime(5_000);
    expect(wire).toHaveLength(2);
  });

  it('does not resend an entry settled while it waited', () => {
    const { outbox, wire } = createOutbox();
    outbox.add('c1', 'hello');
    outbox.resendAfter('c1', 1_000);
    outbox.settle('c1');
    jest.advanceTimersByTime(1_000);
    expect(wire).toHaveLength(1);
  });
});
