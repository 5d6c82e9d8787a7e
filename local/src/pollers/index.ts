export { StreamPoller } from './streamPoller';
export type { StreamPollerOptions } from './streamPoller';
export { SqsPoller } from './sqsPoller';
export type { SqsPollerOptions } from './sqsPoller';
export type { StreamEventSource, SqsEventSource, PollerLog } from './eventSources';
export {
  parseFilterPatterns,
  matchesAnyPattern,
  matchesPattern,
  sqsFilterView,
  InvalidFilterPatternError,
} from './filterPatterns';
export type { FilterPattern } from './filterPatterns';
export { interpretBatchResponse, streamCheckpointIndex } from './batchResponse';
export type { BatchOutcome } from './batchResponse';
export { processStreamBatch } from './streamBatchProcessor';
export type { StreamBatchDeps, StreamBatchSettings, DiscardedBatch } from './streamBatchProcessor';
export { toLambdaDynamoDBRecord, toLambdaImage, buildStreamFailureRecord } from './streamRecords';
export type { LambdaDynamoDBRecord, StreamFailureCondition, StreamFailureInput } from './streamRecords';
export { toLambdaSQSRecord } from './sqsRecords';
export type { LambdaSQSRecord, LambdaSQSMessageAttribute } from './sqsRecords';
export {
  pollerCadence,
  timingModeFrom,
  AWS_TIMING_ENV,
  AWS_STREAM_POLL_INTERVAL_MS,
  FAST_STREAM_POLL_INTERVAL_MS,
} from './cadence';
export type { PollerCadence, PollerTimingMode } from './cadence';
