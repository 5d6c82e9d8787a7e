import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { Dispatcher } from '../../../src/Dispatcher';
import { createHandler } from '../../../src/handlers/dispatch';
import type { DispatchableMessage } from '../../../src/streamRecord';
import { capturingLogger, type LogCapture } from '../support/logCapture';
import { chatMessage, lambdaContext, silentLogger, streamRecord } from '../support/fakes';

function fakeDispatcher(failRooms: string[] = []) {
  const dispatched: DispatchableMessage[] = [];
  const dispatcher: Pick<Dispatcher, 'dispatch'> = {
    dispatch: async (message) => {
      if (failRooms.includes(message.roomId)) throw new Error(`queue refused jobs for ${message.roomId}`);
      dispatched.push(message);
      return { connections: 3, jobs: 1, expanded: 0 };
    },
  };
  return { dispatcher, dispatched };
}

function setup(failRooms: string[] = [], logger = silentLogger()) {
  const { dispatcher, dispatched } = fakeDispatcher(failRooms);
  const metrics = { hasStoredMetrics: jest.fn(() => true), publishStoredMetrics: jest.fn() };
  return { handler: createHandler({ dispatcher, logger, metrics }), dispatched, metrics };
}

const event = (...records: DynamoDBStreamEvent['Records']): DynamoDBStreamEvent => ({ Records: records });

describe('dispatch handler', () => {
  it('dispatches every new chat message and reports no failures', async () => {
    const { handler, dispatched, metrics } = setup();
    const messages = [chatMessage({ roomId: 'a' }), chatMessage({ roomId: 'b' })];

    const response = await handler(
      event(...messages.map((message) => streamRecord(message))),
      lambdaContext(),
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(dispatched.map((message) => message.messageId).sort()).toEqual(
      messages.map((message) => message.messageId).sort(),
    );
    expect(metrics.publishStoredMetrics).toHaveBeenCalledTimes(1);
  });

  it('reports a failing record by its sequence number and lets the others succeed', async () => {
    const { handler, dispatched } = setup(['broken']);
    const ok1 = streamRecord(chatMessage({ roomId: 'fine' }));
    const bad = streamRecord(chatMessage({ roomId: 'broken' }));
    const ok2 = streamRecord(chatMessage({ roomId: 'fine' }));

    const response = await handler(event(ok1, bad, ok2), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.dynamodb?.SequenceNumber }]);
    expect(dispatched).toHaveLength(2);
  });

  it('reports an invalid chat message as a failed record (it ends in the on-failure queue)', async () => {
    const { handler } = setup();
    const bad = streamRecord(chatMessage(), { image: { sentAt: { N: '12' } } });

    const response = await handler(event(streamRecord(), bad), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.dynamodb?.SequenceNumber }]);
  });

  it('lists every record when the whole batch fails instead of throwing', async () => {
    const { handler } = setup(['down']);
    const records = [
      streamRecord(chatMessage({ roomId: 'down' })),
      streamRecord(chatMessage({ roomId: 'down' })),
    ];

    const response = await handler(event(...records), lambdaContext());

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(
      records.map((record) => record.dynamodb?.SequenceNumber),
    );
  });

  it('ignores records that are not new chat messages', async () => {
    const { handler, dispatched } = setup();
    const response = await handler(
      event(
        streamRecord(chatMessage(), { eventName: 'MODIFY' }),
        streamRecord(chatMessage(), { kind: 'dedup' }),
      ),
      lambdaContext(),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(dispatched).toHaveLength(0);
  });

  describe('logging', () => {
    let capture: LogCapture;
    beforeEach(() => {
      capture = capturingLogger();
    });
    afterEach(() => capture.restore());

    it('puts the request id on every line and the room and message ids on the record lines', async () => {
      const { handler } = setup(['broken'], capture.logger);
      const context = lambdaContext();
      const message = chatMessage({ roomId: 'fine' });

      await handler(event(streamRecord(message), streamRecord(chatMessage({ roomId: 'broken' }))), context);

      const items = capture.items();
      expect(items.length).toBeGreaterThanOrEqual(2);
      for (const item of items) expect(item['requestId']).toBe(context.awsRequestId);
      expect(items).toContainEqual(
        expect.objectContaining({
          message: 'Message dispatched',
          roomId: 'fine',
          messageId: message.messageId,
        }),
      );
    });
  });
});
