import type { SQSEvent } from 'aws-lambda';
import type { DeliveryJob, ExpandJob } from '../../../src/deliveryJob';
import type { RoomExpander } from '../../../src/roomExpander';
import type { DeliveryWorker } from '../../../src/deliveryWorker';
import { InvalidDeliveryJobError } from '../../../src/errors';
import { createHandler } from '../../../src/handlers/deliver';
import { DELIVERY_DEADLINE_RESERVE_MS } from '../../../src/postDeadline';
import { capturingLogger, type LogCapture } from '../support/logCapture';
import { RecordingQueue, deliveryJob, lambdaContext, silentLogger, sqsRecord } from '../support/fakes';

function setup(logger = silentLogger(), failRoom?: string) {
  const delivered: DeliveryJob[] = [];
  const deadlines: Array<number | undefined> = [];
  const worker: Pick<DeliveryWorker, 'deliver'> = {
    deliver: async (job, _log, deadline) => {
      if (job.roomId === failRoom) throw new Error('SQS unavailable for re-enqueue');
      delivered.push(job);
      deadlines.push(deadline);
      return {
        delivered: job.connectionIds.length,
        gone: 0,
        rejected: 0,
        requeued: 0,
        deadLettered: 0,
        unfinished: 0,
      };
    },
  };
  const expanded: ExpandJob[] = [];
  const expander: Pick<RoomExpander, 'expand'> = {
    expand: async (job) => {
      expanded.push(job);
      return { connections: 0, jobs: 0, continued: false };
    },
  };
  const metrics = { hasStoredMetrics: jest.fn(() => true), publishStoredMetrics: jest.fn() };
  const queue = new RecordingQueue();
  return {
    handler: createHandler({ worker, expander, queue, logger, metrics }),
    delivered,
    expanded,
    metrics,
    queue,
    deadlines,
  };
}

const event = (...records: SQSEvent['Records']): SQSEvent => ({ Records: records });

describe('deliver handler', () => {
  it('hands each parsed job to the worker', async () => {
    const { handler, delivered, metrics } = setup();
    const jobs = [deliveryJob(), deliveryJob({ attempt: 2 })];

    const response = await handler(event(...jobs.map((job) => sqsRecord(job))), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(delivered).toEqual(expect.arrayContaining(jobs));
    expect(metrics.publishStoredMetrics).toHaveBeenCalledTimes(1);
  });

  it('hands expand jobs to the room expander', async () => {
    const { handler, delivered, expanded } = setup();
    const expand: ExpandJob = {
      kind: 'expand',
      roomId: 'huge',
      messageId: '01JDQ5V3000000000000000042',
      payload: '{"type":"message"}',
      shard: 3,
      cursor: { pk: 'ROOM#huge#3', sk: 'CONN#x=' },
    };

    const response = await handler(event(sqsRecord(expand), sqsRecord(deliveryJob())), lambdaContext());

    expect(response).toEqual({ batchItemFailures: [] });
    expect(expanded).toEqual([expand]);
    expect(delivered).toHaveLength(1);
  });

  it('parks an unreadable body in the DLQ at once, unchanged, reports success for it and delivers the rest', async () => {
    const { handler, delivered, queue } = setup();
    const good = sqsRecord(deliveryJob());
    const notJson = sqsRecord('{"roomId": ');
    const wrongShape = sqsRecord(JSON.stringify({ roomId: 'r', connectionIds: 'all' }));

    const response = await handler(event(good, notJson, wrongShape), lambdaContext());

    // Not retried: the record is deleted from the delivery queue, its body is in the DLQ.
    expect(response.batchItemFailures).toEqual([]);
    expect(queue.unreadable.map((parked) => parked.body)).toEqual([notJson.body, wrongShape.body]);
    for (const parked of queue.unreadable) expect(parked.problem.length).toBeGreaterThan(0);
    expect(delivered).toHaveLength(1);
  });

  it('fails an unreadable record when the DLQ refuses it too, so the redrive still parks it', async () => {
    const { handler, queue } = setup();
    queue.failDeadLetter = new Error('SQS unavailable');
    const notJson = sqsRecord('nope');

    const response = await handler(event(notJson, sqsRecord(deliveryJob())), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: notJson.messageId }]);
  });

  it('gives the worker the invocation deadline less the reserve', async () => {
    const { handler, deadlines } = setup();
    const before = Date.now();
    await handler(event(sqsRecord(deliveryJob())), {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => 30_000,
    });
    const deadline = deadlines[0] ?? 0;
    expect(deadline).toBeGreaterThanOrEqual(before + 30_000 - DELIVERY_DEADLINE_RESERVE_MS);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 30_000 - DELIVERY_DEADLINE_RESERVE_MS);
  });

  it('starts no record when the invocation is already past its deadline: each fails, SQS redelivers', async () => {
    const { handler, delivered } = setup();
    const records = [sqsRecord(deliveryJob()), sqsRecord(deliveryJob())];
    const context = { ...lambdaContext(), getRemainingTimeInMillis: () => DELIVERY_DEADLINE_RESERVE_MS - 1 };

    const response = await handler(event(...records), context);

    expect(response.batchItemFailures).toEqual(records.map((r) => ({ itemIdentifier: r.messageId })));
    expect(delivered).toHaveLength(0);
  });

  it('fails the record when the worker fails (e.g. re-enqueue refused), so SQS redelivers it', async () => {
    const { handler } = setup(silentLogger(), 'doomed');
    const doomed = sqsRecord(deliveryJob({ roomId: 'doomed' }));

    const response = await handler(event(sqsRecord(deliveryJob()), doomed), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: doomed.messageId }]);
  });

  describe('logging', () => {
    let capture: LogCapture;
    beforeEach(() => {
      capture = capturingLogger();
    });
    afterEach(() => capture.restore());

    it('logs the parse error with the request id for an unreadable job', async () => {
      const { handler } = setup(capture.logger);
      const context = lambdaContext();
      const poison = sqsRecord('nope');
      const job = deliveryJob();

      await handler(event(poison, sqsRecord(job)), context);

      const items = capture.items();
      for (const item of items) expect(item['requestId']).toBe(context.awsRequestId);
      const failure = items.find((item) => item['sqsMessageId'] === poison.messageId);
      expect(JSON.stringify(failure)).toContain(new InvalidDeliveryJobError('x').name);
      expect(items).toContainEqual(
        expect.objectContaining({
          message: 'Delivery job done',
          roomId: job.roomId,
          messageId: job.messageId,
        }),
      );
    });
  });
});
