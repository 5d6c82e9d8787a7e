// SQS trigger on the delivery queue: each record is one delivery job (or an expand job for a huge
// room shard). A body that cannot be parsed as a job never will be: it is sent to the DLQ at once
// (reason INVALID_DELIVERY_JOB) and its record succeeds. If that send fails, the record fails, and
// the redrive policy parks it in the DLQ after maxReceiveCount receives.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isExpandJob, parseQueueJob, type QueueJob } from '../DeliveryJob';
import type { PoisonJobSink } from '../DeliveryQueue';
import { InvalidDeliveryJobError } from '../errors';
import type { Deadline, DeliveryWorker } from '../DeliveryWorker';
import type { RoomExpander } from '../RoomExpander';
import { flushMetrics, type FanoutMetrics, type MetricsPublisher } from '../telemetry';
import { buildDeliverRuntime } from '../runtime';

export interface DeliverHandlerDeps {
  worker: Pick<DeliveryWorker, 'deliver'>;
  expander: Pick<RoomExpander, 'expand'>;
  /** Where bodies that are not jobs go (the DLQ). */
  poison: PoisonJobSink;
  logger: Logger;
  metrics: MetricsPublisher;
  counters: Pick<FanoutMetrics, 'count'>;
}

export type DeliverHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export function createHandler(deps: DeliverHandlerDeps): DeliverHandler {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) => {
    const { logger } = deps;
    logger.addContext(context);
    logger.resetKeys();
    logger.appendKeys({ requestId: context.awsRequestId });
    // The worker stops before the function timeout and hands back what it did not reach.
    const deadline: Deadline = { remainingMs: () => context.getRemainingTimeInMillis() };

    const handleRecord = async (record: SQSRecord): Promise<void> => {
      const sqsMessageId = record.messageId;
      let job: QueueJob;
      try {
        job = parseQueueJob(record.body);
      } catch (error) {
        if (!(error instanceof InvalidDeliveryJobError)) throw error;
        try {
          await deps.poison.deadLetterBody(record.body, error.message);
        } catch (sendError) {
          // The record fails instead, and the redrive policy is the fallback.
          logger.error('Record is not a job and sending it to the DLQ failed; SQS will redeliver it', {
            sqsMessageId,
            error: sendError as Error,
            parseError: error.message,
          });
          throw sendError;
        }
        deps.counters.count('InvalidDeliveryJobs');
        logger.error('Delivery record is not a job; sent to the DLQ', {
          sqsMessageId,
          receiveCount: record.attributes?.ApproximateReceiveCount,
          error,
        });
        return;
      }
      try {
        const log = logger.createChild({
          persistentKeys: {
            requestId: context.awsRequestId,
            roomId: job.roomId,
            messageId: job.messageId,
            sqsMessageId,
          },
        });
        if (isExpandJob(job)) {
          await deps.expander.expand(job, log);
          return;
        }
        const report = await deps.worker.deliver(job, log, deadline);
        log.info('Delivery job done', {
          connections: job.connectionIds.length,
          attempt: job.attempt,
          ...report,
        });
      } catch (error) {
        logger.error('Delivery record failed; SQS will redeliver it', {
          sqsMessageId,
          receiveCount: record.attributes?.ApproximateReceiveCount,
          error: error as Error,
        });
        throw error;
      }
    };

    try {
      return await processPartialResponse(event, handleRecord, processor, {
        context,
        throwOnFullBatchFailure: false,
      });
    } finally {
      flushMetrics(deps.metrics);
    }
  };
}

let containerHandler: DeliverHandler | undefined;

/** Lambda entry point; dependencies are built on the first invocation and reused while warm. */
export const handler: DeliverHandler = (event, context) => {
  containerHandler ??= createHandler(buildDeliverRuntime());
  return containerHandler(event, context);
};
