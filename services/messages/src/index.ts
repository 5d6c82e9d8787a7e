export { loadConfig } from './config';
export type { MessagesConfig } from './config';
export {
  MessagesError,
  UnknownConnectionError,
  NotInRoomError,
  WriteContentionError,
  DedupRecordMissingError,
  MessageIdConflictError,
  ConfigError,
} from './errors';
export { isThrottlingError, isTransactionCanceled, cancellationReasons } from './awsErrors';
export type { CancellationReasonLike } from './awsErrors';
export { MessagesMetric } from './telemetry';
export type { LoggerPort, MetricsPort } from './telemetry';
export { createMessageIdGenerator } from './messageIds';
export type { MessageIdGenerator } from './messageIds';
export { DynamoConnectionDirectory } from './connectionDirectory';
export type { ConnectionDirectory, Sender, DynamoConnectionDirectoryOptions } from './connectionDirectory';
export type {
  MessageStore,
  NewMessage,
  SaveOutcome,
  PageCursor,
  PageRequest,
  MessagePage,
} from './messageStore';
export { DynamoMessageStore } from './dynamoMessageStore';
export type { DynamoMessageStoreOptions } from './dynamoMessageStore';
export { fitPageToBytes, HISTORY_PAGE_MAX_BYTES } from './historyBudget';
export type { PageAnchor } from './historyBudget';
export { MessageService } from './messageService';
export type { MessageServiceDeps, MessagesApi } from './messageService';
export { classifyError, errorFrameFor } from './wireErrors';
export type { WireError, ErrorFrameContext } from './wireErrors';
export { createRouteHandler } from './routeHandler';
export type {
  RouteHandler,
  RouteHandlerDeps,
  RouteResponse,
  RouteSpec,
  MessagesAction,
} from './routeHandler';
export { buildMessageService, containerDeps, SERVICE_NAME } from './container';
