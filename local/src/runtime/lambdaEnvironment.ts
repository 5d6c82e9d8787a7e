// The process.env of one local "container": the function's own variables plus the reserved ones
// Lambda sets (docs/aws-behaviours.md#lambda-runtime). Every worker thread has a copy, so functions never see
// each other's environment, nor the local cloud's.
import { lambdaLogGroupName } from './lambdaContext';
import { LAMBDA_NODE_RUNTIME } from './lambdaNodeRuntime';

export interface LambdaEnvironmentInput {
  functionName: string;
  handlerExport: string;
  memorySize: number;
  region: string;
  logStreamName: string;
  /** The function's variables (provider + function level). */
  environment: Record<string, string>;
  /**
   * Host variables every container inherits (PATH, LANG…). Function
   * variables override them; reserved variables override both, as on AWS.
   */
  base?: Record<string, string>;
}

/**
 * The only credentials a local function ever holds. On AWS these variables are reserved: Lambda
 * sets them from the execution role. Here they are fixed values the emulators accept, so a
 * handler run by `npm start` can never reach a real account with the developer's own keys.
 */
export const LOCAL_FUNCTION_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_SESSION_TOKEN: 'local',
} as const;

export function buildLambdaEnvironment(input: LambdaEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = { ...input.base, ...input.environment };
  return {
    ...env,
    ...LOCAL_FUNCTION_CREDENTIALS,
    _HANDLER: `index.${input.handlerExport}`,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${LAMBDA_NODE_RUNTIME}`,
    AWS_LAMBDA_FUNCTION_NAME: input.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(input.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: lambdaLogGroupName(input.functionName),
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
  };
}

/** The host variables worth passing into containers by default. */
export function defaultBaseEnvironment(hostEnv: NodeJS.ProcessEnv = process.env): Record<string, string> {
  // Never the host's AWS credentials or profile: functions get LOCAL_FUNCTION_CREDENTIALS.
  const keep = ['PATH', 'LANG', 'HOME', 'TMPDIR'];
  const base: Record<string, string> = {};
  for (const key of keep) {
    const value = hostEnv[key];
    if (value !== undefined) base[key] = value;
  }
  return base;
}
