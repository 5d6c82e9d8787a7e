export {
  DEFAULT_DYNAMODB_JVM_OPTIONS,
  DEFAULT_DYNAMODB_START_TIMEOUT_MS,
  localDynamoDbClient,
  startDynamoDbLocal,
  dynamoDbLocalExitError,
} from './dynamoDbLocal';
export type { DynamoDbLocal, DynamoDbLocalOptions } from './dynamoDbLocal';
export { JavaPrerequisiteError, PortInUseError, ResourceError } from './errors';
export type { ResourceErrorCode } from './errors';
export { MINIMUM_JAVA_VERSION, checkJava, parseJavaMajorVersion } from './javaCheck';
export type { JavaInfo } from './javaCheck';
export { guardChildProcess } from './orphanGuard';
export type { OrphanGuard } from './orphanGuard';
export {
  LOCAL_PORTS,
  assertPortFree,
  ephemeralPortFloor,
  freePort,
  portInUseError,
  resolveLocalPort,
} from './ports';
export type { LocalPortName } from './ports';
export {
  localSqsClient,
  provisionCloud,
  provisionQueues,
  provisionResources,
  provisionTables,
  queueCreationOrder,
  withProvisionedResources,
} from './provision';
export type { ProvisionOptions, ProvisionedQueue, ProvisionedResources, ProvisionedTable } from './provision';
export { startSqsEmulator } from './sqsEmulator';
export type { SqsEmulator, SqsEmulatorOptions } from './sqsEmulator';
