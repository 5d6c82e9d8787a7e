import type { SQSEvent } from 'aws-lambda';
import type { DeliveryJob, ExpandJob } from '../../../src/DeliveryJob';
import type { RoomExpander } from '../../../src/RoomExpander';
import type { PoisonJobSink } from '../../../src/DeliveryQueue';
import { DeliveryWorker } from '../../../src/DeliveryWorker';
import { InvalidDeliveryJobError } from '../../../src/errors';
import { createHandler } from '../../../src/handlers/deliver';
import { capturingLogger, type LogCapture } from '../support/logCapture';
import {
  FakeDirectory,
  FakeGateway,
  RecordingMetrics,
  RecordingQueue,
  deliveryJob,
  lambdaContext,
  silentLogger,
  sqsRecord,
} from '../support/fakes';

function setup(logger = silentLogger(), failRoom?: string) {
  const delivered: DeliveryJob[] = [];
  const worker: Pick<DeliveryWorker, 'deliver'> = {
    deliver: async (job) => {
      if (job.roomId === failRoom) throw new Error('SQS unavailable for re-enqueue');
      delivered.push(job);
      return {
        delivered: job.connectionIds.length,
        gone: 0,
        rejected: 0,
        requeued: 0,
        deadLettered: 0,
        deferred: 0,
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
  const poison = new RecordingPoisonSink();
  const counters = new RecordingMetrics();
  return {
    handler: createHandler({ worker, expander, poison, logger, metrics, counters }),
    delivered,
    expanded,
    expander,
    metrics,
    poison,
    counters,
  };
}

class RecordingPoisonSink implements PoisonJobSink {
  public readonly bodies: { body: string; error: string }[] = [];
  public fail: Error | undefined;

  public async deadLetterBody(body: string, error: string): Promise<void> {
    if (this.fail) throw this.fail;
    this.bodies.push({ body, error });
  }
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

  it('sends a body that is not a job to the DLQ at once, verbatim, and reports its record done', async () => {
    const { handler, delivered, poison, counters } = setup();
    const good = sqsRecord(deliveryJob());
    const notJson = sqsRecord('{"roomId": ');
    const wrongShape = sqsRecord(JSON.stringify({ roomId: 'r', connectionIds: 'all' }));
    const unknownKind = sqsRecord(JSON.stringify({ kind: 'explode', roomId: 'r' }));

    const response = await handler(event(good, notJson, wrongShape, unknownKind), lambdaContext());

    // Success for all: a failed record would come back maxReceiveCount times before the redrive.
    expect(response.batchItemFailures).toEqual([]);
    expect(poison.bodies.map((entry) => entry.body)).toEqual([
      notJson.body,
      wrongShape.body,
      unknownKind.body,
    ]);
    for (const entry of poison.bodies) expect(entry.error).not.toBe('');
    expect(counters.get('InvalidDeliveryJobs')).toBe(3);
    expect(delivered).toHaveLength(1);
  });

  it('fails the record of a body that is not a job when the DLQ send fails (redrive is the fallback)', async () => {
    const { handler, poison, counters } = setup();
    poison.fail = new Error('SQS unavailable');
    const notJson = sqsRecord('nope');

    const response = await handler(event(notJson, sqsRecord(deliveryJob())), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: notJson.messageId }]);
    expect(counters.get('InvalidDeliveryJobs')).toBe(0);
  });

  it('fails the record when the worker fails (e.g. re-enqueue refused), so SQS redelivers it', async () => {
    const { handler } = setup(silentLogger(), 'doomed');
    const doomed = sqsRecord(deliveryJob({ roomId: 'doomed' }));

    const response = await handler(event(sqsRecord(deliveryJob()), doomed), lambdaContext());

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: doomed.messageId }]);
  });

  it('reports the jobs the worker cannot start before the deadline as batch item failures', async () => {
    const gateway = new FakeGateway();
    const queue = new RecordingQueue();
    const worker = new DeliveryWorker({
      gateway,
      directory: new FakeDirectory(4),
      queue,
      metrics: new RecordingMetrics(),
      inFlight: 4,
      maxAttempts: 5,
      deadlineReserveMs: 3_000,
    });
    const { expander, poison, counters } = setup();
    const metrics = { hasStoredMetrics: () => false, publishStoredMetrics: jest.fn() };
    const handler = createHandler({ worker, expander, poison, counters, logger: silentLogger(), metrics });
    const records = [sqsRecord(deliveryJob()), sqsRecord(deliveryJob())];

    // 2 s left of the function timeout, less than the worker's reserve.
    const response = await handler(
      event(...records),
      lambdaContext(() => 2_000),
    );

    expect(response.batchItemFailures).toEqual(
      records.map((record) => ({ itemIdentifier: record.messageId })),
    );
    expect(gateway.posts).toHaveLength(0);
    expect(queue.requeued).toHaveLength(0);
  });

  describe('logging', () => {
    let capture: LogCapture;
    beforeEach(() => {
      capture = capturingLogger();
    });
    afterEach(() => capture.restore());

    it('logs the parse error with the request id for a poison job', async () => {
      const { handler } = setup(capture.logger);
      const context = lambdaContext();
      const poison = sqsRecord('nope');
      const job = deliveryJob();

      await handler(event(poison, sqsRecord(job)), context);

      const items = capture.items();
      for (const item of items) expect(item['requestId']).toBe(context.awsRequestId);
      const failure = items.find((item) => item['sqsMessageId'] === poison.messageId);
      expect(failure?.['message']).toBe('Delivery record is not a job; sent to the DLQ');
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
