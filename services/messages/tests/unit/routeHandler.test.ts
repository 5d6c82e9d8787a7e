import { ErrorCode, parseServerFrame, type AckFrame } from '@chorus/protocol';
import type { Context } from 'aws-lambda';
import type { MessagesApi } from '../../src/messageService';
import { createRouteHandler, type RouteHandlerDeps } from '../../src/routeHandler';
import { MessagesMetric } from '../../src/telemetry';
import { websocketMessageEvent } from '../support/events';
import { recordingLogger, recordingMetrics } from '../support/fakes';

const ack: AckFrame = {
  type: 'ack',
  roomId: 'lobby',
  clientMsgId: 'c-1',
  messageId: '01JD0000000000000000000001',
  sentAt: '2026-11-28T01:00:00.000Z',
};

function setup(api: Partial<MessagesApi>, overrides: Partial<RouteHandlerDeps> = {}) {
  const logger = recordingLogger();
  const metrics = recordingMetrics();
  const messages: MessagesApi = {
    send: api.send ?? (() => Promise.reject(new Error('unused'))),
    history: api.history ?? (() => Promise.reject(new Error('unused'))),
  };
  const handler = createRouteHandler(
    {
      action: 'sendMessage',
      rejectedMetric: MessagesMetric.SendsRejected,
      run: (service, connectionId, frame) => service.send(connectionId, frame),
    },
    { logger, metrics, messages, ...overrides },
  );
  return { handler, logger, metrics };
}

const event = () =>
  websocketMessageEvent({
    routeKey: 'sendMessage',
    body: { action: 'sendMessage', roomId: 'lobby', text: 'secret words', clientMsgId: 'c-1' },
  });

describe('createRouteHandler', () => {
  it('passes the connection id and the parsed frame to the service', async () => {
    const send = jest.fn<Promise<AckFrame>, Parameters<MessagesApi['send']>>(() => Promise.resolve(ack));
    const { handler } = setup({ send });
    const incoming = event();

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
    const { handler, logger } = setup({ send: () => Promise.resolve(ack) });
    const context = {
      awsRequestId: 'lambda-req-1',
      functionName: 'chorus-messages-test-sendMessage',
    } as Context;
    await handler(event(), context);

    expect(logger.addContext).toHaveBeenCalledWith(context);
    expect(logger.appendKeys).toHaveBeenCalledWith(expect.objectContaining({ route: 'sendMessage' }));
    expect(logger.info).toHaveBeenCalledWith(
      'sendMessage answered',
      expect.objectContaining({ messageId: ack.messageId }),
    );
    expect(JSON.stringify(logger.info.mock.calls)).not.toContain('secret words');
  });

  it('turns a response that breaks the server schema into INTERNAL_ERROR', async () => {
    const { handler } = setup({ send: () => Promise.resolve({ ...ack, messageId: 'not-a-ulid' }) });
    const frame = parseServerFrame((await handler(event())).body);
    expect(frame).toMatchObject({ type: 'error', code: ErrorCode.INTERNAL_ERROR });
  });

  it('names the room and the message of a refused frame, even one that failed validation', async () => {
    const { handler } = setup({ send: () => Promise.reject(new Error('unused')) });
    const invalid = websocketMessageEvent({
      routeKey: 'sendMessage',
      body: { action: 'sendMessage', roomId: 'lobby', text: '   ', clientMsgId: 'c-1' },
    });
    const frame = parseServerFrame((await handler(invalid)).body);
    expect(frame).toMatchObject({ type: 'error', code: ErrorCode.INVALID_FRAME, roomId: 'lobby' });
    const badRoom = websocketMessageEvent({
      routeKey: 'sendMessage',
      body: { action: 'sendMessage', roomId: 'not a room', text: 'x', clientMsgId: 'c-1' },
    });
    expect(parseServerFrame((await handler(badRoom)).body)).not.toHaveProperty('roomId');
  });

  it('still answers when publishing metrics fails, and clears the log keys', async () => {
    const metrics = recordingMetrics();
    metrics.publishStoredMetrics = () => {
      throw new Error('stdout closed');
    };
    const { handler, logger } = setup({ send: () => Promise.resolve(ack) }, { metrics });

    await expect(handler(event())).resolves.toMatchObject({ statusCode: 200 });
    expect(logger.warn).toHaveBeenCalledWith('could not publish metrics', expect.anything());
    expect(logger.resetKeys).toHaveBeenCalledTimes(1);
  });

  it('clears the log keys after a failure too', async () => {
    const { handler, logger, metrics } = setup({ send: () => Promise.reject(new Error('boom')) });
    await handler(event());
    expect(logger.resetKeys).toHaveBeenCalledTimes(1);
    expect(metrics.published).toBe(1);
    expect(metrics.count(MessagesMetric.SendsRejected)).toBe(1);
  });
});
