export { parseCompose, resolveComposeParams } from './compose';
export type { ComposeService } from './compose';
export { DefinitionError, UnsupportedDefinitionError, formatPath } from './errors';
export type { DefinitionErrorCode } from './errors';
export { functionNamesOf, functionsOf } from './functions';
export { LOCAL_STREAM_LABEL, createStackEvaluator, normalizedFunctionName } from './intrinsics';
export type { StackContext, StackEvaluator } from './intrinsics';
export { loadCloudDefinition } from './loadCloudDefinition';
export type { LoadCloudDefinitionOptions } from './loadCloudDefinition';
export { localizeApiUrls } from './localUrls';
export type { ApiUrlLocalization } from './localUrls';
export { queuesOf, tablesOf } from './stackResources';
export type {
  CloudDefinition,
  FunctionDefinition,
  FunctionEvent,
  LocalEndpoints,
  QueueDefinition,
  SecondaryIndex,
  SqsEvent,
  StreamEvent,
  TableDefinition,
  TableProperties,
  WebSocketApiDefinition,
  WebSocketRoute,
  WebsocketEvent,
} from './types';
export { resolveVariables } from './variables';
export type { VariableContext } from './variables';
