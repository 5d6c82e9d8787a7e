export type { LambdaInvoker, InvokeResult } from './types';
export type { RuntimeFunction } from './runtimeFunction';
export { FunctionRuntime } from './functionRuntime';
export type {
  CrashFaults,
  FunctionRuntimeOptions,
  InjectedFailures,
  PeriodicCrashes,
} from './functionRuntime';
export { FunctionPool } from './functionPool';
export type { FunctionPoolOptions, InvocationOutcome, PoolStats } from './functionPool';
export { bundleEntries, AWS_EXTERNALS, BUNDLE_TARGET } from './bundler';
export type { BundleEntry, BundleOptions, BundleResult } from './bundler';
export {
  buildLambdaContext,
  lambdaFunctionArn,
  lambdaLogGroupName,
  lambdaLogStreamName,
} from './lambdaContext';
export type { LambdaContext, LambdaContextInput } from './lambdaContext';
export { buildLambdaEnvironment, defaultBaseEnvironment } from './lambdaEnvironment';
export type { LambdaEnvironmentInput } from './lambdaEnvironment';
export { UnknownFunctionError, RuntimeNotStartedError, NodeRuntimeMismatchError } from './errors';
export { LAMBDA_NODE_MAJOR, LAMBDA_NODE_RUNTIME, assertContainerNode } from './lambdaNodeRuntime';
export type { CrashPhase, SerializedError } from './workerProtocol';
