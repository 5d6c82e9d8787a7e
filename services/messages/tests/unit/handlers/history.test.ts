import {
  ErrorCode,
  HISTORY_DEFAULT_LIMIT,
  HISTORY_MAX_LIMIT,
  parseServerFrame,
  type HistoryPageFrame,
  type ServerFrame,
} from '@chorus/protocol';
import { createHandler } from '../../../src/handlers/history';
import { MessageService, type MessagesApi } from '../../../src/messageService';
import type { WebSocketResult } from '@chorus/lambda-kit';
import { MessagesMetric } from '../../../src/telemetry';
import { websocketMessageEvent } from '../../support/events';
import {
  InMemoryConnectionDirectory,
  InMemoryMessageStore,
  recordingLogger,
  recordingMetrics,
  sequentialIds,
} from '../../support/fakes';

const ALICE = 'AliceConnId0001=';

async function setup(messageCount: number, messages?: MessagesApi) {
  const directory = new InMemoryConnectionDirectory().connect(ALICE, 'alice').join(ALICE, 'lobby');
  const store = new InMemoryMessageStore();
  const ids = sequentialIds();
  const metrics = recordingMetrics();
  const logger = recordingLogger();
  let now = 1_790_000_000_000;
  const service = new MessageService({ directory, store, ids, metrics, now: () => (now += 1) });
  for (let i = 1; i <= messageCount; i += 1) {
    await service.send(ALICE, {
      action: 'sendMessage',
      roomId: 'lobby',
      text: `m${i}`,
      clientMsgId: `c-${i}`,
    });
  }
  const handler = createHandler({ logger, metrics, messages: messages ?? service });
  return { handler, ids, metrics, logger };
}

const historyEvent = (body: unknown, connectionId = ALICE) =>
  websocketMessageEvent({ routeKey: 'history', body, connectionId });

function frameOf(response: WebSocketResult): ServerFrame {
  expect(response.statusCode).toBe(200);
  return parseServerFrame(response.body ?? '');
}

function pageOf(response: WebSocketResult): HistoryPageFrame {
  const frame = frameOf(response);
  if (frame.type !== 'history') throw new Error(`expected a history frame, got ${response.body}`);
  return frame;
}

describe('history handler', () => {
  it('serves the latest page ascending, hasMore when older messages exist', async () => {
    const { handler, ids, logger, metrics } = await setup(5);
    const event = historyEvent({ action: 'history', roomId: 'lobby', limit: 3 });

    const page = pageOf(await handler(event));

    expect(page.messages.map((m) => m.messageId)).toEqual(ids.issued.slice(2));
    expect(page.messages.map((m) => m.text)).toEqual(['m3', 'm4', 'm5']);
    expect(page.messages.every((m) => m.sender === 'alice')).toBe(true);
    expect(page.hasMore).toBe(true);
    expect(logger.appendKeys).toHaveBeenCalledWith(
      expect.objectContaining({ requestId: event.requestContext.requestId, connectionId: ALICE }),
    );
    expect(metrics.published).toBe(1);
  });

  it('serves everything with hasMore false when the room fits one page', async () => {
    const { handler, ids } = await setup(2);
    const page = pageOf(await handler(historyEvent({ action: 'history', roomId: 'lobby' })));
    expect(page.messages.map((m) => m.messageId)).toEqual(ids.issued);
    expect(page.hasMore).toBe(false);
  });

  it('serves an empty page for an empty room', async () => {
    const { handler } = await setup(0);
    expect(pageOf(await handler(historyEvent({ action: 'history', roomId: 'lobby' })))).toEqual({
      type: 'history',
      roomId: 'lobby',
      messages: [],
      hasMore: false,
    });
  });

  it('pages backwards with before to the beginning of the room', async () => {
    const { handler, ids } = await setup(5);
    const seen: string[] = [];
    let before: string | undefined;
    let hasMore = true;
    let pages = 0;
    while (hasMore) {
      const page = pageOf(
        await handler(
          historyEvent({ action: 'history', roomId: 'lobby', limit: 2, ...(before ? { before } : {}) }),
        ),
      );
      expect(page.before).toBe(before);
      seen.unshift(...page.messages.map((m) => m.messageId));
      before = page.messages[0]?.messageId;
      hasMore = page.hasMore;
      pages += 1;
    }
    expect(seen).toEqual(ids.issued);
    expect(pages).toBe(3);
  });

  it('pages forward with after (catch-up), hasMore while more than limit are newer', async () => {
    const { handler, ids } = await setup(7);
    const seen: string[] = [];
    let after = ids.issued[1]!;
    const hasMores: boolean[] = [];
    for (;;) {
      const page = pageOf(
        await handler(historyEvent({ action: 'history', roomId: 'lobby', after, limit: 2 })),
      );
      expect(page.after).toBe(after);
      seen.push(...page.messages.map((m) => m.messageId));
      hasMores.push(page.hasMore);
      if (!page.hasMore) break;
      after = page.messages.at(-1)!.messageId;
    }
    expect(seen).toEqual(ids.issued.slice(2));
    expect(hasMores).toEqual([true, true, false]);
  });

  it('answers an empty page after the newest message', async () => {
    const { handler, ids } = await setup(3);
    const page = pageOf(
      await handler(historyEvent({ action: 'history', roomId: 'lobby', after: ids.issued[2] })),
    );
    expect(page).toMatchObject({ messages: [], hasMore: false, after: ids.issued[2] });
  });

  it.each([1, HISTORY_MAX_LIMIT])('accepts limit %i', async (limit) => {
    const { handler } = await setup(3);
    const page = pageOf(await handler(historyEvent({ action: 'history', roomId: 'lobby', limit })));
    expect(page.messages).toHaveLength(Math.min(limit, 3));
  });

  it(`uses ${HISTORY_DEFAULT_LIMIT} when limit is left out`, async () => {
    const { handler } = await setup(HISTORY_DEFAULT_LIMIT + 1);
    const page = pageOf(await handler(historyEvent({ action: 'history', roomId: 'lobby' })));
    expect(page.messages).toHaveLength(HISTORY_DEFAULT_LIMIT);
    expect(page.hasMore).toBe(true);
  });

  it('answers FORBIDDEN for a room the connection has not joined', async () => {
    const { handler, metrics } = await setup(1);
    const event = historyEvent({ action: 'history', roomId: 'kitchen' });
    expect(frameOf(await handler(event))).toEqual({
      type: 'error',
      code: ErrorCode.FORBIDDEN,
      message: expect.any(String),
      requestId: event.requestContext.requestId,
      action: 'history',
      roomId: 'kitchen',
    });
    expect(metrics.count(MessagesMetric.HistoryRejected)).toBe(1);
  });

  it('answers UNKNOWN_CONNECTION for an unknown connection', async () => {
    const { handler } = await setup(1);
    expect(
      frameOf(await handler(historyEvent({ action: 'history', roomId: 'lobby' }, 'GhostConnId0001='))),
    ).toMatchObject({
      code: ErrorCode.UNKNOWN_CONNECTION,
    });
  });

  it('answers THROTTLED when DynamoDB throttles the query', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    const api: MessagesApi = {
      send: () => Promise.reject(throttled),
      history: () => Promise.reject(throttled),
    };
    const { handler } = await setup(0, api);
    expect(frameOf(await handler(historyEvent({ action: 'history', roomId: 'lobby' })))).toMatchObject({
      type: 'error',
      code: ErrorCode.THROTTLED,
      action: 'history',
    });
  });

  it('answers INTERNAL_ERROR for an unexpected failure', async () => {
    const api: MessagesApi = {
      send: () => Promise.reject(new Error('x')),
      history: () => Promise.reject(new Error('boom')),
    };
    const { handler, logger } = await setup(0, api);
    expect(frameOf(await handler(historyEvent({ action: 'history', roomId: 'lobby' })))).toMatchObject({
      code: ErrorCode.INTERNAL_ERROR,
    });
    expect(logger.error).toHaveBeenCalled();
    expect(logger.resetKeys).toHaveBeenCalledTimes(1);
  });

  describe('invalid frames', () => {
    const ULID = '01JD0000000000000000000001';
    it.each([
      ['limit 0', { limit: 0 }, ErrorCode.INVALID_FRAME],
      [`limit ${HISTORY_MAX_LIMIT + 1}`, { limit: HISTORY_MAX_LIMIT + 1 }, ErrorCode.INVALID_FRAME],
      ['a fractional limit', { limit: 2.5 }, ErrorCode.INVALID_FRAME],
      ['a string limit', { limit: '10' }, ErrorCode.INVALID_FRAME],
      ['both before and after', { before: ULID, after: ULID }, ErrorCode.INVALID_FRAME],
      ['a cursor that is not a message id', { after: 'latest' }, ErrorCode.INVALID_FRAME],
      ['an unknown key', { page: 2 }, ErrorCode.INVALID_FRAME],
      ['a missing roomId', { roomId: undefined }, ErrorCode.INVALID_FRAME],
    ])('refuses %s', async (_label, fields, code) => {
      const { handler } = await setup(1);
      const event = historyEvent({ action: 'history', roomId: 'lobby', ...fields });
      const error = frameOf(await handler(event));
      expect(error).toMatchObject({
        type: 'error',
        code,
        action: 'history',
        requestId: event.requestContext.requestId,
      });
      expect(error).not.toHaveProperty('clientMsgId');
    });

    it.each([
      ['not JSON', 'history please'],
      ['a JSON string', '"history"'],
      ['an empty body', ''],
    ])('refuses %s as MALFORMED_FRAME', async (_label, body) => {
      const { handler } = await setup(0);
      expect(frameOf(await handler(historyEvent(body)))).toMatchObject({
        code: ErrorCode.MALFORMED_FRAME,
        action: 'history',
      });
    });

    it('refuses a frame of another action', async () => {
      const { handler } = await setup(0);
      const error = frameOf(
        await handler(historyEvent({ action: 'sendMessage', roomId: 'lobby', text: 'x', clientMsgId: 'c' })),
      );
      expect(error).toMatchObject({ code: ErrorCode.INVALID_FRAME });
      expect(error).not.toHaveProperty('clientMsgId');
    });
  });
});
