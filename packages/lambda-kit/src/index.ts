export {
  errorName,
  httpStatusOf,
  isTransactionCanceled,
  cancellationReasons,
  isThrottlingError,
  isRetryableCancellation,
} from './awsErrors';
export type { CancellationReason } from './awsErrors';
// Defined with the protocol, the one package the browser imports too (the webapp reconnects on it).
export { backoffCeilingMs, fullJitterDelayMs, realSleep } from '@chorus/protocol';
export type { BackoffPolicy, Random, Sleep } from '@chorus/protocol';
export { withBatchInvocation } from './batchInvocation';
export type { BatchInvocationDeps } from './batchInvocation';
export { ConnectionRows, DEFAULT_BATCH_RETRY } from './connectionRows';
export type { BatchRetryPolicy, ConnectionRowsOptions, RemovedConnectionRows } from './connectionRows';
export { LambdaKitError, IncompleteBatchError } from './errors';
export { describeFailure, errorFrame } from './failures';
export type { ErrorFrameParts, Failure, FailureSeverity } from './failures';
export { flushMetrics } from './telemetry';
export type { Log, LoggerPort, MetricsPort } from './telemetry';
export { RouteMetric, failureResult, frameBody, messageRoute, withInvocation } from './webSocketRoute';
export type {
  FailureOptions,
  MessageRoute,
  RouteDeps,
  WebSocketEvent,
  WebSocketHandler,
  WebSocketResult,
} from './webSocketRoute';
