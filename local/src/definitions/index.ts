export { DefinitionError, UnsupportedDefinitionError, formatPath } from './errors';
export type { DefinitionErrorCode } from './errors';
export { functionsOf } from './functions';
export { LOCAL_STREAM_LABEL, createStackEvaluator } from './intrinsics';
export type { StackContext, StackEvaluator } from './intrinsics';
export { loadCloudDefinition } from './loadCloudDefinition';
export type { LoadCloudDefinitionOptions } from './loadCloudDefinition';
export { localizeApiUrls } from './localUrls';
export type { ApiUrlLocalization } from './localUrls';
export { OslsCompiler } from './oslsService';
export type { CloudFormationTemplate, CompiledService } from './oslsService';
export { queuesOf, tablesOf } from './stackResources';
export type {
  CloudDefinition,
  FunctionDefinition,
  FunctionEvent,
  LocalEndpoints,
  QueueDefinition,
  RouteAuthorizer,
  SecondaryIndex,
  SqsEvent,
  StreamEvent,
  TableDefinition,
  TableProperties,
  WebSocketApiDefinition,
  WebSocketRoute,
  WebsocketEvent,
} from './types';
