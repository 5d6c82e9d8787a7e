// SQS trigger on the delivery queue: each record is one delivery job (or an expand job for a huge
// room shard). A job that cannot be parsed fails its record only; after maxReceiveCount receives
// the redrive policy parks it in the DLQ.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isExpandJob, parseQueueJob } from '../deliveryJob';
import type { DeliveryWorker } from '../deliveryWorker';
import type { RoomExpander } from '../roomExpander';
import { withBatchInvocation, type MetricsPort } from '@chorus/lambda-kit';
import { deliverContainerDeps } from '../container';

export interface DeliverHandlerDeps {
  worker: Pick<DeliveryWorker, 'deliver'>;
  expander: Pick<RoomExpander, 'expand'>;
  logger: Logger;
  metrics: Pick<MetricsPort, 'hasStoredMetrics' | 'publishStoredMetrics'>;
}

export type DeliverHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export function createHandler(deps: DeliverHandlerDeps): DeliverHandler {
  const processor = new BatchProcessor(EventType.SQS);
  return (event, context) =>
    withBatchInvocation(deps, context, () => {
      const { logger } = deps;

      const handleRecord = async (record: SQSRecord): Promise<void> => {
        const sqsMessageId = record.messageId;
        try {
          const job = parseQueueJob(record.body);
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
          const report = await deps.worker.deliver(job, log);
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
