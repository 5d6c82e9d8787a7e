import { parseClientFrameOf, type HistoryFrame, type SendMessageFrame } from '@chorus/protocol';
import { ForbiddenError, RateLimitedError, UnknownConnectionError } from '../../src/errors';
import type { RateDecision, SendRateLimiter } from '../../src/sendRateLimiter';
import type { MessageStore } from '../../src/messageStore';
import { MessageService } from '../../src/messageService';
import { MessagesMetric } from '../../src/telemetry';
import {
  InMemoryConnectionDirectory,
  InMemoryMessageStore,
  recordingMetrics,
  sequentialIds,
} from '../support/fakes';

const NOW_MS = 1_790_000_000_000;

function setup(
  overrides: { store?: MessageStore; limiter?: SendRateLimiter; historyLimiter?: SendRateLimiter } = {},
) {
  const directory = new InMemoryConnectionDirectory().connect('conn-a', 'alice').join('conn-a', 'lobby');
  const store = new InMemoryMessageStore();
  const ids = sequentialIds();
  const metrics = recordingMetrics();
  let now = NOW_MS;
  const service = new MessageService({
    directory,
    store: overrides.store ?? store,
    ids,
    metrics,
    now: () => now,
    ...(overrides.limiter === undefined ? {} : { limiter: overrides.limiter }),
    ...(overrides.historyLimiter === undefined ? {} : { historyLimiter: overrides.historyLimiter }),
  });
  return { service, directory, store, ids, metrics, advance: (ms: number) => (now += ms) };
}

const send = (fields: Partial<SendMessageFrame> = {}): SendMessageFrame => ({
  action: 'sendMessage',
  roomId: 'lobby',
  text: 'hello',
  clientMsgId: 'c-1',
  ...fields,
});

const history = (fields: Omit<Partial<HistoryFrame>, 'action'> = {}): HistoryFrame =>
  parseClientFrameOf('history', JSON.stringify({ action: 'history', roomId: 'lobby', ...fields }));

class ScriptedLimiter implements SendRateLimiter {
  public readonly asked: string[] = [];
  public constructor(private readonly decisions: RateDecision[]) {}
  public take(userKey: string): Promise<RateDecision> {
    this.asked.push(userKey);
    return Promise.resolve(this.decisions.shift() ?? { allowed: true });
  }
}

describe('MessageService.history under the history rate', () => {
  it('counts pages per user id, in a bucket apart from sends, and refuses over the rate', async () => {
    const sends = new ScriptedLimiter([]);
    const reads = new ScriptedLimiter([{ allowed: true }, { allowed: false, retryAfterMs: 90 }]);
    const { service, metrics } = setup({ limiter: sends, historyLimiter: reads });

    await service.history('conn-a', history());
    const refused = service.history('conn-a', history());

    await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    await expect(refused).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 90 });
    await expect(refused).rejects.toThrow(/history/);
    expect(reads.asked).toEqual(['user-alice', 'user-alice']);
    expect(sends.asked).toEqual([]);
    expect(metrics.count(MessagesMetric.HistoryRateLimited)).toBe(1);
    expect(metrics.count(MessagesMetric.HistoryPagesServed)).toBe(1);
  });

  it('takes no token for a refused reader (not joined, or gone)', async () => {
    const reads = new ScriptedLimiter([]);
    const { service } = setup({ historyLimiter: reads });
    await expect(service.history('conn-a', history({ roomId: 'kitchen' }))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(service.history('ghost', history())).rejects.toBeInstanceOf(UnknownConnectionError);
    expect(reads.asked).toEqual([]);
  });
});

describe('MessageService.send under the send rate', () => {
  it('counts every send against the sender, keyed by user id, and refuses over the rate writing nothing', async () => {
    const limiter = new ScriptedLimiter([{ allowed: true }, { allowed: false, retryAfterMs: 340 }]);
    const { service, store, metrics } = setup({ limiter });

    await service.send('conn-a', send({ clientMsgId: 'c-1' }));
    const refused = service.send('conn-a', send({ clientMsgId: 'c-2' }));

    await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    await expect(refused).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 340 });
    expect(limiter.asked).toEqual(['user-alice', 'user-alice']);
    expect(store.saved.map((message) => message.clientMsgId)).toEqual(['c-1']);
    expect(metrics.count(MessagesMetric.SendsRateLimited)).toBe(1);
  });

  it("shares one budget across a user's connections, never across two users of one display name", async () => {
    const limiter = new ScriptedLimiter([]);
    const { service, directory } = setup({ limiter });
    directory.connect('conn-a2', 'alice').join('conn-a2', 'lobby');
    directory.connect('conn-impostor', 'alice', 'user-other').join('conn-impostor', 'lobby');

    await service.send('conn-a', send({ clientMsgId: 'c-1' }));
    await service.send('conn-a2', send({ clientMsgId: 'c-2' }));
    await service.send('conn-impostor', send({ clientMsgId: 'c-3' }));

    expect(limiter.asked).toEqual(['user-alice', 'user-alice', 'user-other']);
  });

  it('asks the limiter only for a known member (a refused frame costs no token)', async () => {
    const limiter = new ScriptedLimiter([]);
    const { service } = setup({ limiter });
    await expect(service.send('conn-a', send({ roomId: 'elsewhere' }))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(service.send('nobody', send())).rejects.toBeInstanceOf(UnknownConnectionError);
    expect(limiter.asked).toEqual([]);
  });
});

describe('MessageService.send', () => {
  it('stores the message with the sender name from the connection row and acks it', async () => {
    const { service, store, ids, metrics } = setup();

    const ack = await service.send('conn-a', send({ text: '<script>x</script>' }));

    expect(ack).toEqual({
      type: 'ack',
      roomId: 'lobby',
      clientMsgId: 'c-1',
      messageId: ids.issued[0],
      sentAt: new Date(NOW_MS).toISOString(),
    });
    expect(store.saved).toEqual([
      {
        roomId: 'lobby',
        messageId: ids.issued[0],
        clientMsgId: 'c-1',
        sender: 'alice',
        senderId: 'user-alice',
        text: '<script>x</script>',
        sentAt: new Date(NOW_MS).toISOString(),
      },
    ]);
    expect(metrics.count(MessagesMetric.MessagesAccepted)).toBe(1);
  });

  it('acks a repeated clientMsgId with the original id and time and stores nothing new', async () => {
    const { service, store, metrics, advance } = setup();
    const first = await service.send('conn-a', send());
    advance(5_000);

    const second = await service.send('conn-a', send({ text: 'edited?' }));

    expect(second).toEqual(first);
    expect(store.saved).toHaveLength(1);
    expect(store.saved[0]!.text).toBe('hello');
    expect(metrics.count(MessagesMetric.DuplicateSends)).toBe(1);
    expect(metrics.count(MessagesMetric.MessagesAccepted)).toBe(1);
  });

  it('dedups a resend from a new connection of the same user (reconnect)', async () => {
    const { service, directory, store } = setup();
    directory.connect('conn-b', 'alice').join('conn-b', 'lobby');
    const first = await service.send('conn-a', send());

    await expect(service.send('conn-b', send())).resolves.toEqual(first);
    expect(store.saved).toHaveLength(1);
  });

  it('treats the same clientMsgId from another user as a different message', async () => {
    const { service, directory, store } = setup();
    directory.connect('conn-b', 'bob').join('conn-b', 'lobby');
    const mine = await service.send('conn-a', send());
    const theirs = await service.send('conn-b', send());

    expect(theirs.messageId).not.toBe(mine.messageId);
    expect(store.saved.map((m) => m.sender)).toEqual(['alice', 'bob']);
  });

  it('tells apart two people who share a display name, by user id', async () => {
    const { service, directory, store } = setup();
    directory.connect('conn-b', 'alice', 'user-other-alice').join('conn-b', 'lobby');
    const mine = await service.send('conn-a', send());
    const theirs = await service.send('conn-b', send());

    expect(theirs.messageId).not.toBe(mine.messageId);
    expect(store.saved.map((m) => [m.sender, m.senderId])).toEqual([
      ['alice', 'user-alice'],
      ['alice', 'user-other-alice'],
    ]);
  });

  it('keys idempotency by user id: a renamed user resending a clientMsgId gets the original', async () => {
    const { service, directory, store } = setup();
    directory.connect('conn-b', 'Alice L.', 'user-alice').join('conn-b', 'lobby');
    const first = await service.send('conn-a', send());

    await expect(service.send('conn-b', send())).resolves.toEqual(first);
    expect(store.saved).toHaveLength(1);
  });

  it('refuses an unknown connection before anything is written', async () => {
    const { service, store, ids } = setup();
    await expect(service.send('ghost', send())).rejects.toBeInstanceOf(UnknownConnectionError);
    expect(store.saved).toHaveLength(0);
    expect(ids.issued).toHaveLength(0);
  });

  it('refuses a room the connection has not joined', async () => {
    const { service, store } = setup();
    await expect(service.send('conn-a', send({ roomId: 'kitchen' }))).rejects.toBeInstanceOf(ForbiddenError);
    expect(store.saved).toHaveLength(0);
  });

  it('reports an unknown connection even when the membership lookup also says no', async () => {
    const { service } = setup();
    await expect(service.send('ghost', send({ roomId: 'kitchen' }))).rejects.toBeInstanceOf(
      UnknownConnectionError,
    );
  });

  it('lets store failures through and counts nothing as accepted', async () => {
    const failing: MessageStore = {
      saveOnce: () => Promise.reject(Object.assign(new Error('slow'), { name: 'ThrottlingException' })),
      readPage: () => Promise.reject(new Error('unused')),
    };
    const { service, metrics } = setup({ store: failing });
    await expect(service.send('conn-a', send())).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(metrics.count(MessagesMetric.MessagesAccepted)).toBe(0);
  });
});

describe('MessageService.history', () => {
  async function seeded(count: number) {
    const context = setup();
    for (let i = 1; i <= count; i += 1) {
      context.advance(1);
      await context.service.send('conn-a', send({ clientMsgId: `c-${i}`, text: `m${i}` }));
    }
    return context;
  }

  it('serves the latest page ascending with hasMore when older messages exist', async () => {
    const { service, ids, metrics } = await seeded(5);

    const page = await service.history('conn-a', history({ limit: 2 }));

    expect(page).toMatchObject({ type: 'history', roomId: 'lobby', hasMore: true });
    expect(page.messages.map((m) => m.messageId)).toEqual(ids.issued.slice(3));
    expect(page).not.toHaveProperty('before');
    expect(page).not.toHaveProperty('after');
    expect(metrics.count(MessagesMetric.HistoryPagesServed)).toBe(1);
    expect(metrics.count(MessagesMetric.HistoryMessagesReturned)).toBe(2);
  });

  it('pages backwards with before until hasMore is false, echoing the cursor', async () => {
    const { service, ids } = await seeded(5);

    const page = await service.history('conn-a', history({ before: ids.issued[2]!, limit: 2 }));
    expect(page.messages.map((m) => m.messageId)).toEqual(ids.issued.slice(0, 2));
    expect(page.hasMore).toBe(false);
    expect(page.before).toBe(ids.issued[2]);
  });

  it('pages forward with after (catch-up) and says when more newer messages exist', async () => {
    const { service, ids } = await seeded(5);

    const first = await service.history('conn-a', history({ after: ids.issued[0]!, limit: 2 }));
    expect(first.messages.map((m) => m.messageId)).toEqual(ids.issued.slice(1, 3));
    expect(first.hasMore).toBe(true);
    expect(first.after).toBe(ids.issued[0]);

    const last = await service.history(
      'conn-a',
      history({ after: first.messages.at(-1)!.messageId, limit: 2 }),
    );
    expect(last.messages.map((m) => m.messageId)).toEqual(ids.issued.slice(3));
    expect(last.hasMore).toBe(false);
  });

  it('never returns the sender connection id', async () => {
    const { service } = await seeded(1);
    const page = await service.history('conn-a', history());
    expect(Object.keys(page.messages[0]!).sort()).toEqual([
      'clientMsgId',
      'messageId',
      'roomId',
      'sender',
      'senderId',
      'sentAt',
      'text',
    ]);
  });

  it('cuts an oversized page and keeps paging from where it stopped', async () => {
    const context = setup();
    const service = new MessageService({
      directory: context.directory,
      store: context.store,
      ids: context.ids,
      metrics: context.metrics,
      maxPageBytes: 400,
    });
    for (let i = 1; i <= 4; i += 1)
      await service.send('conn-a', send({ clientMsgId: `c-${i}`, text: 'x'.repeat(150) }));

    const page = await service.history('conn-a', history({ after: '00000000000000000000000000', limit: 4 }));
    expect(page.messages.length).toBeLessThan(4);
    expect(page.hasMore).toBe(true);
    expect(page.messages[0]!.messageId).toBe(context.ids.issued[0]);
  });

  it('requires membership of the room', async () => {
    const { service } = await seeded(1);
    await expect(service.history('conn-a', history({ roomId: 'kitchen' }))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(service.history('ghost', history())).rejects.toBeInstanceOf(UnknownConnectionError);
  });
});
