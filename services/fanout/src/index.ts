export { readConfig } from './config';
export type { FanoutConfig } from './config';
export {
  FanoutError,
  ConfigError,
  InvalidDeliveryJobError,
  InvalidStreamRecordError,
  EnqueueFailedError,
  ConnectionCleanupError,
  DeadlineReachedError,
  ManagementApiError,
} from './errors';
export type { FanoutErrorCode } from './errors';
export { fullJitterDelay, requeueDelaySeconds, realSleep, SQS_MAX_DELAY_SECONDS } from './backoff';
export type { BackoffPolicy, Sleep, Random } from './backoff';
export { Semaphore, forEachWithLimit } from './pool';
export {
  MAX_JOB_BYTES,
  encodeDeliveryJob,
  encodeQueueJob,
  parseDeliveryJob,
  parseQueueJob,
  isExpandJob,
  byteLength,
} from './DeliveryJob';
export type { DeliveryJob, ExpandJob, QueueJob, ShardCursor } from './DeliveryJob';
export { JobBatcher, feedShard } from './JobBatcher';
export type { JobBatcherOptions } from './JobBatcher';
export { RoomExpander } from './RoomExpander';
export type { RoomExpanderDeps, ExpandReport } from './RoomExpander';
export type { ConnectionDirectory, RoomShardPage } from './ConnectionDirectory';
export { DynamoConnectionDirectory } from './DynamoConnectionDirectory';
export type { DynamoConnectionDirectoryOptions } from './DynamoConnectionDirectory';
export { SQS_BATCH_MAX_ENTRIES, SQS_BATCH_MAX_BYTES } from './DeliveryQueue';
export type { DeliveryQueue, DeadLetterReason, PoisonJobSink } from './DeliveryQueue';
export { SqsDeliveryQueue, chunkForBatch } from './SqsDeliveryQueue';
export type { SqsDeliveryQueueOptions } from './SqsDeliveryQueue';
export { classifyPostError, httpStatusOf } from './ConnectionGateway';
export type { ConnectionGateway, PostFailureKind } from './ConnectionGateway';
export { SignedConnectionGateway, encodeConnectionId, errorNameOf } from './SignedConnectionGateway';
export type { SignedConnectionGatewayOptions } from './SignedConnectionGateway';
export { Dispatcher } from './Dispatcher';
export type { DispatcherDeps, DispatchResult } from './Dispatcher';
export { DeliveryWorker, NO_DEADLINE } from './DeliveryWorker';
export type { Deadline, DeliveryWorkerDeps, DeliveryReport } from './DeliveryWorker';
export { messageFromStreamRecord } from './streamRecord';
export type { DispatchableMessage } from './streamRecord';
export { PowertoolsFanoutMetrics, flushMetrics } from './telemetry';
export type { FanoutMetrics, FanoutCounter, Log, MetricsPublisher } from './telemetry';
export { buildDispatchRuntime, buildDeliverRuntime, SERVICE_NAME } from './runtime';
export { createHandler as createDispatchHandler } from './handlers/dispatch';
export type { DispatchHandler, DispatchHandlerDeps } from './handlers/dispatch';
export { createHandler as createDeliverHandler } from './handlers/deliver';
export type { DeliverHandler, DeliverHandlerDeps } from './handlers/deliver';
