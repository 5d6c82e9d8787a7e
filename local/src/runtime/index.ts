export type { LambdaInvoker, InvokeResult } from './types';
export type { RuntimeFunction } from './runtimeFunction';
export { FunctionRuntime } from './functionRuntime';
export type { CrashFaults, FunctionRuntimeOptions, InjectedFailures } from './functionRuntime';
export { FunctionPool } from './functionPool';
export type { FunctionPoolOptions, InvocationOutcome, PoolStats } from './functionPool';
export { bundleEntries, AWS_EXTERNALS } from './bundler';
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
export { UnknownFunctionError, RuntimeNotStartedError } from './errors';
export type { CrashPhase, SerializedError } from './workerProtocol';
