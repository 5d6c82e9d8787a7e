// DynamoDB stream trigger on the messages table: one delivery fan-out per new chat message.
// A record that fails for a transient reason is reported by sequence number
// (ReportBatchItemFailures), so the stream retries from it and bisects; records before it are not
// replayed. A record that can never succeed is set aside instead (see DispatchFailures), so it
// never holds back the messages behind it.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Dispatcher } from '../dispatcher';
import { describeDispatchFailure, isUndeliverable, type DispatchFailureSink } from '../dispatchFailures';
import { withBatchInvocation, type MetricsPort } from '@chorus/lambda-kit';
import type { FanoutMetrics } from '../telemetry';
import { dispatchContainerDeps } from '../container';
import { postDeadline } from '../postDeadline';
import { messageFromStreamRecord } from '../streamRecord';

export interface DispatchHandlerDeps {
  dispatcher: Pick<Dispatcher, 'dispatch'>;
  /** Where records that can never be dispatched are described. */
  failures: DispatchFailureSink;
  logger: Logger;
  metrics: Pick<MetricsPort, 'hasStoredMetrics' | 'publishStoredMetrics'>;
  counters: Pick<FanoutMetrics, 'count'>;
}

export type DispatchHandler = (
  event: DynamoDBStreamEvent,
  context: Context,
) => Promise<DynamoDBBatchResponse>;

export function createHandler(deps: DispatchHandlerDeps): DispatchHandler {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return (event, context) =>
    withBatchInvocation(deps, context, () => {
      const { logger } = deps;

      const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
        const sequenceNumber = record.dynamodb?.SequenceNumber;
        try {
          const message = messageFromStreamRecord(record);
          if (message === undefined) {
            logger.debug('Stream record ignored (not a new chat message)', {
              eventName: record.eventName,
              sequenceNumber,
            });
            return;
          }
          const log = logger.createChild({
            persistentKeys: {
              requestId: context.awsRequestId,
              roomId: message.roomId,
              messageId: message.messageId,
            },
          });
          const result = await deps.dispatcher.dispatch(message, { log, deadline: postDeadline(context) });
          log.info('Message dispatched', { ...result, sequenceNumber });
        } catch (error) {
          if (!isUndeliverable(error)) {
            logger.error('Stream record failed; the stream will retry it', {
              sequenceNumber,
              error: error as Error,
            });
            throw error;
          }
          // If this send fails the record fails too, and is retried like any transient failure.
          await deps.failures.setAside(describeDispatchFailure(record, error as Error));
          deps.counters.count('UndeliverableRecords');
          logger.error('Stream record can never be dispatched; set aside in the dispatch-failures queue', {
            sequenceNumber,
            error: error as Error,
          });
        }
      };

      // Never throw for a full-batch failure: an explicit list of sequence numbers is the same
      // contract, and keeps bisecting precise.
      return processPartialResponse(event, handleRecord, processor, {
        context,
        throwOnFullBatchFailure: false,
      });
    });
}

let containerHandler: DispatchHandler | undefined;

/** Lambda entry point; dependencies are built on the first invocation and reused while warm. */
export const handler: DispatchHandler = (event, context) => {
  containerHandler ??= createHandler(dispatchContainerDeps());
  return containerHandler(event, context);
};
