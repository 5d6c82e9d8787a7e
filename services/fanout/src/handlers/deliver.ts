// SQS trigger on the delivery queue: each record is one delivery job (or an expand job for a huge
// room shard). A body that is not a job is parked in the DLQ at once (no retry can ever read it);
// a job that fails for any other reason fails its record only, and after maxReceiveCount receives
// the redrive policy parks it in the DLQ.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { withBatchInvocation, type MetricsPort } from '@chorus/lambda-kit';
import { isExpandJob, parseQueueJob, type QueueJob } from '../deliveryJob';
import type { DeliveryQueue } from '../deliveryQueue';
import type { DeliveryWorker } from '../deliveryWorker';
import { DeadlineReachedError, InvalidDeliveryJobError } from '../errors';
import type { RoomExpander } from '../roomExpander';
import { deliverContainerDeps } from '../container';
import { postDeadline } from '../postDeadline';

export interface DeliverHandlerDeps {
  worker: Pick<DeliveryWorker, 'deliver'>;
  expander: Pick<RoomExpander, 'expand'>;
  queue: Pick<DeliveryQueue, 'deadLetterUnreadable'>;
  logger: Logger;
  metrics: Pick<MetricsPort, 'hasStoredMetrics' | 'publishStoredMetrics'>;
}

export type DeliverHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export function createHandler(deps: DeliverHandlerDeps): DeliverHandler {
  const processor = new BatchProcessor(EventType.SQS);
  return (event, context) =>
    withBatchInvocation(deps, context, () => {
      const { logger } = deps;
      const deadline = postDeadline(context);

      const handleRecord = async (record: SQSRecord): Promise<void> => {
        const sqsMessageId = record.messageId;
        if (Date.now() >= deadline) {
          logger.warn('Invocation deadline reached before this record started; SQS will redeliver it', {
            sqsMessageId,
          });
          throw new DeadlineReachedError('too little of the invocation left to start this job');
        }
        let job: QueueJob;
        try {
          job = parseQueueJob(record.body);
        } catch (error) {
          if (!(error instanceof InvalidDeliveryJobError)) throw error;
          // If the DLQ refuses it too, the record fails and the redrive still parks it later.
          await deps.queue.deadLetterUnreadable(record.body, error.message);
          logger.error('Unreadable delivery job moved to the DLQ', {
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

      return processPartialResponse(event, handleRecord, processor, {
        context,
        throwOnFullBatchFailure: false,
      });
    });
}

let containerHandler: DeliverHandler | undefined;

/** Lambda entry point; dependencies are built on the first invocation and reused while warm. */
export const handler: DeliverHandler = (event, context) => {
  containerHandler ??= createHandler(deliverContainerDeps());
  return containerHandler(event, context);
};
