import {
  ErrorCode,
  FRAME_MAX_BYTES,
  parseServerFrame,
  TEXT_MAX_CHARS,
  type AckFrame,
  type ServerFrame,
} from '@chorus/protocol';
import type { Context } from 'aws-lambda';
import type { HandlerDeps } from '../../../src/container';
import { ConfigError } from '../../../src/errors';
import { createHandler, peekClientMsgId } from '../../../src/handlers/sendMessage';
import type { MessagesApi } from '../../../src/messageService';
import { MessageService } from '../../../src/messageService';
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

function setup(messages?: MessagesApi | (() => MessagesApi)) {
  const directory = new InMemoryConnectionDirectory().connect(ALICE, 'alice').join(ALICE, 'lobby');
  const store = new InMemoryMessageStore();
  const metrics = recordingMetrics();
  const logger = recordingLogger();
  const service = new MessageService({
    directory,
    store,
    ids: sequentialIds(),
    metrics,
    now: () => 1_790_000_000_000,
  });
  const handler = createHandler({ logger, metrics, messages: messages ?? service });
  return { handler, directory, store, metrics, logger };
}

function sendEvent(body: unknown, connectionId = ALICE) {
  return websocketMessageEvent({ routeKey: 'sendMessage', body, connectionId });
}

const frame = (fields: Record<string, unknown> = {}) => ({
  action: 'sendMessage',
  roomId: 'lobby',
  text: 'hello',
  clientMsgId: 'c-1',
  ...fields,
});

/** Every response must be a 200 whose body is a valid server frame. */
function frameOf(response: WebSocketResult): ServerFrame {
  expect(response.statusCode).toBe(200);
  return parseServerFrame(response.body ?? '');
}

const failingApi = (error: unknown): MessagesApi => ({
  send: () => Promise.reject(error),
  history: () => Promise.reject(error),
});

describe('sendMessage handler', () => {
  it('acks a stored message and logs with request and connection ids', async () => {
    const { handler, store, metrics, logger } = setup();
    const event = sendEvent(frame());

    const ack = frameOf(await handler(event));

    expect(ack).toEqual({
      type: 'ack',
      roomId: 'lobby',
      clientMsgId: 'c-1',
      messageId: store.saved[0]!.messageId,
      sentAt: store.saved[0]!.sentAt,
    });
    expect(store.saved[0]).toMatchObject({
      sender: 'alice',
      senderId: 'user-alice',
      text: 'hello',
    });
    expect(logger.appendKeys).toHaveBeenCalledWith(
      expect.objectContaining({ requestId: event.requestContext.requestId, connectionId: ALICE }),
    );
    expect(logger.resetKeys).toHaveBeenCalledTimes(1);
    expect(metrics.count(MessagesMetric.MessagesAccepted)).toBe(1);
    expect(metrics.published).toBe(1);
  });

  it('returns the original messageId for a repeated clientMsgId and writes no second message', async () => {
    const { handler, store, metrics } = setup();
    const first = frameOf(await handler(sendEvent(frame())));
    const second = frameOf(await handler(sendEvent(frame({ text: 'resent' }))));

    expect(second).toEqual(first);
    expect(store.saved).toHaveLength(1);
    expect(metrics.count(MessagesMetric.DuplicateSends)).toBe(1);
  });

  it('takes the sender from the connection row and refuses a frame that names one', async () => {
    const { handler, store } = setup();
    const spoofed = frameOf(await handler(sendEvent(frame({ sender: 'mallory' }))));
    expect(spoofed).toMatchObject({ type: 'error', code: ErrorCode.INVALID_FRAME, clientMsgId: 'c-1' });
    expect(store.saved).toHaveLength(0);
  });

  it('answers UNKNOWN_CONNECTION when the connection row is gone', async () => {
    const { handler, store, metrics } = setup();
    const event = sendEvent(frame(), 'GhostConnId0001=');

    expect(frameOf(await handler(event))).toEqual({
      type: 'error',
      code: ErrorCode.UNKNOWN_CONNECTION,
      message: expect.any(String),
      requestId: event.requestContext.requestId,
      action: 'sendMessage',
      clientMsgId: 'c-1',
      roomId: 'lobby',
    });
    expect(store.saved).toHaveLength(0);
    expect(metrics.count(MessagesMetric.SendsRejected)).toBe(1);
  });

  it('answers FORBIDDEN for a room the connection has not joined', async () => {
    const { handler, store } = setup();
    const error = frameOf(await handler(sendEvent(frame({ roomId: 'kitchen', clientMsgId: 'c-7' }))));
    expect(error).toMatchObject({
      type: 'error',
      code: ErrorCode.FORBIDDEN,
      action: 'sendMessage',
      clientMsgId: 'c-7',
    });
    expect(store.saved).toHaveLength(0);
  });

  it.each([['ProvisionedThroughputExceededException'], ['ThrottlingException'], ['RequestLimitExceeded']])(
    'answers THROTTLED when DynamoDB says %s',
    async (name) => {
      const { handler, metrics, logger } = setup(
        failingApi(Object.assign(new Error('slow down'), { name, $metadata: { httpStatusCode: 400 } })),
      );
      const error = frameOf(await handler(sendEvent(frame())));
      expect(error).toMatchObject({ type: 'error', code: ErrorCode.THROTTLED, clientMsgId: 'c-1' });
      expect(metrics.count(MessagesMetric.Throttled)).toBe(1);
      expect(logger.warn).toHaveBeenCalled();
    },
  );

  it('answers INTERNAL_ERROR for an unexpected failure and logs it', async () => {
    const { handler, metrics, logger } = setup(failingApi(new TypeError('cannot read x')));
    const event = sendEvent(frame());
    const error = frameOf(await handler(event));
    expect(error).toMatchObject({
      type: 'error',
      code: ErrorCode.INTERNAL_ERROR,
      requestId: event.requestContext.requestId,
      clientMsgId: 'c-1',
    });
    expect(logger.error).toHaveBeenCalled();
    expect(metrics.count(MessagesMetric.InternalErrors)).toBe(1);
    expect(logger.resetKeys).toHaveBeenCalledTimes(1);
  });

  it('answers INTERNAL_ERROR when the service cannot be built, and tries again next time', async () => {
    const factory = jest.fn<MessagesApi, []>(() => {
      throw new ConfigError('Environment variable MESSAGES_TABLE is not set');
    });
    const { handler } = setup(factory);

    expect(frameOf(await handler(sendEvent(frame())))).toMatchObject({ code: ErrorCode.INTERNAL_ERROR });
    expect(frameOf(await handler(sendEvent(frame())))).toMatchObject({ code: ErrorCode.INTERNAL_ERROR });
    expect(factory).toHaveBeenCalledTimes(2);
  });

  it('builds the service once per container', async () => {
    const context = setup();
    const service = new MessageService({
      directory: context.directory,
      store: context.store,
      ids: sequentialIds(),
      metrics: context.metrics,
    });
    const factory = jest.fn(() => service);
    const handler = createHandler({ logger: context.logger, metrics: context.metrics, messages: factory });

    await handler(sendEvent(frame({ clientMsgId: 'a' })));
    await handler(sendEvent(frame({ clientMsgId: 'b' })));
    expect(factory).toHaveBeenCalledTimes(1);
    expect(context.store.saved).toHaveLength(2);
  });

  describe('invalid frames', () => {
    it.each([
      ['not JSON', '{"action":"sendMessage",', ErrorCode.MALFORMED_FRAME, undefined],
      ['a JSON array', '[1,2]', ErrorCode.MALFORMED_FRAME, undefined],
      ['an empty body', '', ErrorCode.MALFORMED_FRAME, undefined],
      ['text of the wrong type', frame({ text: 42 }), ErrorCode.INVALID_FRAME, 'c-1'],
      [
        'a missing roomId',
        { action: 'sendMessage', text: 'x', clientMsgId: 'c-1' },
        ErrorCode.INVALID_FRAME,
        'c-1',
      ],
      ['a bad roomId', frame({ roomId: 'has space' }), ErrorCode.INVALID_FRAME, 'c-1'],
      ['oversize text', frame({ text: 'x'.repeat(TEXT_MAX_CHARS + 1) }), ErrorCode.INVALID_FRAME, 'c-1'],
      ['blank text', frame({ text: '   ' }), ErrorCode.INVALID_FRAME, 'c-1'],
      ['an unknown key', frame({ color: 'red' }), ErrorCode.INVALID_FRAME, 'c-1'],
      ['a bad clientMsgId', frame({ clientMsgId: 'no spaces allowed' }), ErrorCode.INVALID_FRAME, undefined],
      ['a numeric clientMsgId', frame({ clientMsgId: 7 }), ErrorCode.INVALID_FRAME, undefined],
      ['another action', { action: 'history', roomId: 'lobby' }, ErrorCode.INVALID_FRAME, undefined],
      ['a frame over 32 KB', frame({ text: 'x'.repeat(FRAME_MAX_BYTES) }), ErrorCode.FRAME_TOO_LARGE, 'c-1'],
    ])('refuses %s', async (_label, body, code, clientMsgId) => {
      const { handler, store, metrics } = setup();
      const event = sendEvent(body);

      const error = frameOf(await handler(event));

      expect(error).toMatchObject({
        type: 'error',
        code,
        requestId: event.requestContext.requestId,
        // The action the frame itself named (else the route's), so the client knows which of its
        // requests failed.
        action: (body as { action?: string } | undefined)?.action ?? 'sendMessage',
      });
      expect((error as { clientMsgId?: string }).clientMsgId).toBe(clientMsgId);
      expect(store.saved).toHaveLength(0);
      expect(metrics.count(MessagesMetric.SendsRejected)).toBe(1);
    });

    it('accepts text of exactly the maximum length, stored as given', async () => {
      const { handler, store } = setup();
      const text = `<img src=x onerror=alert(1)>${'y'.repeat(TEXT_MAX_CHARS - 28)}`;
      expect(frameOf(await handler(sendEvent(frame({ text }))))).toMatchObject({ type: 'ack' });
      expect(store.saved[0]!.text).toBe(text);
    });

    it('never throws, whatever arrives', async () => {
      const { handler } = setup();
      const event = sendEvent(frame());
      delete (event as { body?: string }).body;
      await expect(handler(event)).resolves.toMatchObject({ statusCode: 200 });
      await expect(handler({} as never)).resolves.toMatchObject({ statusCode: 200 });
    });
  });
});

describe('peekClientMsgId', () => {
  it('reads a well-formed id from an otherwise invalid frame', () => {
    expect(peekClientMsgId('{"clientMsgId":"abc-1","text":5}')).toBe('abc-1');
  });

  it.each([undefined, '', 'not json', 'null', '"text"', '{"clientMsgId":5}', '{"clientMsgId":"a b"}'])(
    'returns undefined for %p',
    (body) => {
      expect(peekClientMsgId(body)).toBeUndefined();
    },
  );
});

const ack: AckFrame = {
  type: 'ack',
  roomId: 'lobby',
  clientMsgId: 'c-1',
  messageId: '01JD0000000000000000000001',
  sentAt: '2026-11-28T01:00:00.000Z',
};

function setupRoute(api: Partial<MessagesApi>, overrides: Partial<HandlerDeps> = {}) {
  const logger = recordingLogger();
  const metrics = recordingMetrics();
  const messages: MessagesApi = {
    send: api.send ?? (() => Promise.reject(new Error('unused'))),
    history: api.history ?? (() => Promise.reject(new Error('unused'))),
  };
  const handler = createHandler({ logger, metrics, messages, ...overrides });
  return { handler, logger, metrics };
}

const routeEvent = () =>
  websocketMessageEvent({
    routeKey: 'sendMessage',
    body: { action: 'sendMessage', roomId: 'lobby', text: 'secret words', clientMsgId: 'c-1' },
  });

describe('sendMessage route (the kit wrapper around the service)', () => {
  it('passes the connection id and the parsed frame to the service', async () => {
    const send = jest.fn<Promise<AckFrame>, Parameters<MessagesApi['send']>>(() => Promise.resolve(ack));
    const { handler } = setupRoute({ send });
    const incoming = routeEvent();

    const response = await handler(incoming);

    expect(send).toHaveBeenCalledWith(incoming.requestContext.connectionId, {
      action: 'sendMessage',
      roomId: 'lobby',
      text: 'secret words',
      clientMsgId: 'c-1',
    });
    expect(response).toEqual({ statusCode: 200, body: JSON.stringify(ack) });
  });

  it('logs the outcome with ids but never the message text', async () => {
    const { handler, logger } = setupRoute({ send: () => Promise.resolve(ack) });
    const context = {
      awsRequestId: 'lambda-req-1',
      functionName: 'chorus-messages-test-sendMessage',
    } as Context;
    await handler(routeEvent(), context);

    expect(logger.addContext).toHaveBeenCalledWith(context);
    expect(logger.appendKeys).toHaveBeenCalledWith(expect.objectContaining({ routeKey: 'sendMessage' }));
    expect(logger.info).toHaveBeenCalledWith(
      'sendMessage answered',
      expect.objectContaining({ messageId: ack.messageId }),
    );
    expect(JSON.stringify(logger.info.mock.calls)).not.toContain('secret words');
  });

  it('turns a response that breaks the server schema into INTERNAL_ERROR', async () => {
    const { handler } = setupRoute({ send: () => Promise.resolve({ ...ack, messageId: 'not-a-ulid' }) });
    const frame = parseServerFrame((await handler(routeEvent())).body ?? '');
    expect(frame).toMatchObject({ type: 'error', code: ErrorCode.INTERNAL_ERROR });
  });

  it('names the room and the message of a refused frame, even one that failed validation', async () => {
    const { handler } = setupRoute({ send: () => Promise.reject(new Error('unused')) });
    const invalid = websocketMessageEvent({
      routeKey: 'sendMessage',
      body: { action: 'sendMessage', roomId: 'lobby', text: '   ', clientMsgId: 'c-1' },
    });
    const frame = parseServerFrame((await handler(invalid)).body ?? '');
    expect(frame).toMatchObject({ type: 'error', code: ErrorCode.INVALID_FRAME, roomId: 'lobby' });
    const badRoom = websocketMessageEvent({
      routeKey: 'sendMessage',
      body: { action: 'sendMessage', roomId: 'not a room', text: 'x', clientMsgId: 'c-1' },
    });
    expect(parseServerFrame((await handler(badRoom)).body ?? '')).not.toHaveProperty('roomId');
  });

  it('still answers when publishing metrics fails, and clears the log keys', async () => {
    const metrics = recordingMetrics();
    metrics.publishStoredMetrics = () => {
      throw new Error('stdout closed');
    };
    const send = () => {
      metrics.addMetric('Sends', 'Count', 1);
      return Promise.resolve(ack);
    };
    const { handler, logger } = setupRoute({ send }, { metrics });

    await expect(handler(routeEvent())).resolves.toMatchObject({ statusCode: 200 });
    expect(logger.warn).toHaveBeenCalledWith('could not publish metrics', expect.anything());
    expect(logger.resetKeys).toHaveBeenCalledTimes(1);
  });

  it('clears the log keys after a failure too', async () => {
    const { handler, logger, metrics } = setupRoute({ send: () => Promise.reject(new Error('boom')) });
    await handler(routeEvent());
    expect(logger.resetKeys).toHaveBeenCalledTimes(1);
    expect(metrics.published).toBe(1);
    expect(metrics.count(MessagesMetric.SendsRejected)).toBe(1);
  });
});
