import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { DispatchOptions, Dispatcher } from '../../../src/dispatcher';
import type { DispatchFailure, DispatchFailureSink } from '../../../src/dispatchFailures';
import { EnqueueFailedError } from '../../../src/errors';
import { createHandler } from '../../../src/handlers/dispatch';
import { DELIVERY_DEADLINE_RESERVE_MS } from '../../../src/postDeadline';
import type { ChatMessage } from '@chorus/protocol';
import { capturingLogger, type LogCapture } from '../support/logCapture';
import { RecordingMetrics, chatMessage, lambdaContext, silentLogger, streamRecord } from '../support/fakes';

/** Rooms whose dispatch throws a transient error, and rooms whose jobs SQS refuses as invalid. */
function fakeDispatcher(failRooms: string[] = [], invalidRooms: string[] = []) {
  const dispatched: ChatMessage[] = [];
  const options: DispatchOptions[] = [];
  const dispatcher: Pick<Dispatcher, 'dispatch'> = {
    dispatch: async (message, given = {}) => {
      options.push(given);
      if (failRooms.includes(message.roomId)) throw new Error(`queue refused jobs for ${message.roomId}`);
      if (invalidRooms.includes(message.roomId)) {
        throw new EnqueueFailedError(
          'SQS refused 1 delivery job(s) as invalid (InvalidMessageContents)',
          1,
          true,
        );
      }
      dispatched.push(message);
      return { connections: 3, jobs: 1, expanded: 0, inline: 0 };
    },
  };
  return { dispatcher, dispatched, options };
}

class RecordingFailures implements DispatchFailureSink {
  public readonly setAsideFailures: DispatchFailure[] = [];
  public down: Error | undefined;

  public async setAside(failure: DispatchFailure): Promise<void> {
    if (this.down !== undefined) throw this.down;
    this.setAsideFailures.push(failure);
  }
}

function setup(
  options: { failRooms?: string[]; invalidRooms?: string[]; logger?: ReturnType<typeof silentLogger> } = {},
) {
  const { dispatcher, dispatched, options: given } = fakeDispatcher(options.failRooms, options.invalidRooms);
  const metrics = { hasStoredMetrics: jest.fn(() => true), publishStoredMetrics: jest.fn() };
  const counters = new RecordingMetrics();
  const failures = new RecordingFailures();
  const handler = createHandler({
    dispatcher,
    failures,
    logger: options.logger ?? silentLogger(),
    metrics,
    counters,
  });
  return { handler, dispatched, given, metrics, counters, failures };
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

  it('gives the dispatcher a log and a post deadline short of the invocation end, for inline rooms', async () => {
    const { handler, given } = setup();
    const before = Date.now();

    await handler(event(streamRecord(chatMessage())), {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => 60_000,
    });

    expect(given).toHaveLength(1);
    expect(given[0]?.log).toEqual(expect.objectContaining({ info: expect.any(Function) }));
    expect(given[0]?.deadline).toBeGreaterThanOrEqual(before + 60_000 - DELIVERY_DEADLINE_RESERVE_MS);
    expect(given[0]?.deadline).toBeLessThanOrEqual(Date.now() + 60_000 - DELIVERY_DEADLINE_RESERVE_MS);
  });

  it('reports a failing record by its sequence number and lets the others succeed', async () => {
    const { handler, dispatched } = setup({ failRooms: ['broken'] });
    const ok1 = streamRecord(chatMessage({ roomId: 'fine' }));
    const bad = streamRecord(chatMessage({ roomId: 'broken' }));
    const ok2 = streamRecord(chatMessage({ roomId: 'fine' }));

    const response = await handler(event(ok1, bad, ok2), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.dynamodb?.SequenceNumber }]);
    expect(dispatched).toHaveLength(2);
  });

  it('sets an invalid chat message aside instead of failing it, and dispatches the records behind it', async () => {
    const { handler, dispatched, failures, counters } = setup();
    const before = streamRecord(chatMessage());
    const bad = streamRecord(chatMessage(), { image: { sentAt: { N: '12' } } });
    const after = streamRecord(chatMessage());

    const response = await handler(event(before, bad, after), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(dispatched).toHaveLength(2);
    expect(counters.get('UndeliverableRecords')).toBe(1);
    expect(failures.setAsideFailures).toEqual([
      expect.objectContaining({
        condition: 'UndeliverableRecord',
        error: expect.objectContaining({
          code: 'INVALID_STREAM_RECORD',
          message: expect.stringMatching(/sentAt/),
        }),
        record: expect.objectContaining({
          sequenceNumber: bad.dynamodb?.SequenceNumber,
          eventID: bad.eventID,
          keys: bad.dynamodb?.Keys,
        }),
      }),
    ]);
  });

  it('sets aside a message whose jobs SQS refuses as invalid, and goes on with the batch', async () => {
    const { handler, dispatched, failures, counters } = setup({ invalidRooms: ['poison'] });
    const bad = streamRecord(chatMessage({ roomId: 'poison' }));
    const next = streamRecord(chatMessage({ roomId: 'fine' }));

    const response = await handler(event(bad, next), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(dispatched.map((message) => message.roomId)).toEqual(['fine']);
    expect(counters.get('UndeliverableRecords')).toBe(1);
    expect(failures.setAsideFailures.map((failure) => failure.error)).toEqual([
      expect.objectContaining({ name: 'EnqueueFailedError', code: 'ENQUEUE_FAILED' }),
    ]);
  });

  it('still reports a transient failure for retry, without setting it aside', async () => {
    const { handler, failures, counters } = setup({ failRooms: ['busy'] });
    const busy = streamRecord(chatMessage({ roomId: 'busy' }));

    const response = await handler(event(busy), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: busy.dynamodb?.SequenceNumber }]);
    expect(failures.setAsideFailures).toEqual([]);
    expect(counters.get('UndeliverableRecords')).toBe(0);
  });

  it('fails the record when its description cannot be stored, so nothing is dropped silently', async () => {
    const { handler, failures, counters } = setup();
    failures.down = new Error('dispatch-failures queue throttled');
    const bad = streamRecord(chatMessage(), { image: { sentAt: { N: '12' } } });

    const response = await handler(event(bad), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.dynamodb?.SequenceNumber }]);
    expect(counters.get('UndeliverableRecords')).toBe(0);
  });

  it('lists every record when the whole batch fails instead of throwing', async () => {
    const { handler } = setup({ failRooms: ['down'] });
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
      const { handler } = setup({ failRooms: ['broken'], logger: capture.logger });
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
