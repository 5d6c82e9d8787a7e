export { loadConfig } from './config';
export type { ConnectionsConfig } from './config';
export {
  ConnectionsError,
  UnknownConnectionError,
  InvalidUserNameError,
  UnauthorizedError,
  MissingIdentityError,
  ThrottledError,
  IncompleteBatchError,
  ConfigError,
} from './errors';
export { isThrottlingError, cancellationReasons, isRetryableCancellation } from './awsErrors';
export type { CancellationReason } from './awsErrors';
export type { Connection, ConnectionStore, RemovedConnection } from './connectionStore';
export { DynamoConnectionStore } from './dynamoConnectionStore';
export type { DynamoConnectionStoreOptions, BatchRetryPolicy } from './dynamoConnectionStore';
export { ConnectionService, USER_NAME_RULE } from './connectionService';
export type { Presence, ConnectRequest } from './connectionService';
export { identityFromClaims, identityOf } from './identity';
export type { UserIdentity, AuthorizerContext } from './identity';
export { describeFailure, frameResult, errorFrame, errorResult, connectRejectionStatus } from './responses';
export type { WebsocketResult, Failure } from './responses';
export { withInvocation, messageRoute, failureResult, frameBody } from './invocation';
export type {
  HandlerDeps,
  HandlerLogger,
  HandlerMetrics,
  WebsocketEvent,
  WebsocketHandler,
} from './invocation';
export { containerDeps, SERVICE_NAME } from './container';
