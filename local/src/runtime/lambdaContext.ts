// A Lambda-like `context` object (docs/aws-behaviours.md#lambda-runtime). Pure: the clock and ids come in
// as inputs so the builder can be unit-tested; the worker builds one per invocation.
import { randomBytes, randomUUID } from 'node:crypto';

export interface LambdaContextInput {
  functionName: string;
  memorySize: number;
  region: string;
  accountId: string;
  /** Epoch milliseconds at which the invocation times out. */
  deadlineMs: number;
  /** The invocation id; a fresh UUID when absent. */
  awsRequestId?: string;
  /** The container's log stream; see `lambdaLogStreamName`. */
  logStreamName: string;
  /** Clock used by getRemainingTimeInMillis (defaults to Date.now). */
  now?: () => number;
}

/** The members of aws-lambda's `Context` a handler can rely on. */
export interface LambdaContext {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

export function buildLambdaContext(input: LambdaContextInput): LambdaContext {
  const now = input.now ?? Date.now;
  return {
    awsRequestId: input.awsRequestId ?? randomUUID(),
    functionName: input.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: lambdaFunctionArn(input.region, input.accountId, input.functionName),
    memoryLimitInMB: String(input.memorySize),
    logGroupName: lambdaLogGroupName(input.functionName),
    logStreamName: input.logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, input.deadlineMs - now()),
  };
}

export function lambdaFunctionArn(region: string, accountId: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}

export function lambdaLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/**
 * One log stream per container, in the format AWS uses (`2024/01/20/[$LATEST]<32 hex>`); the
 * format is unverified (docs/aws-behaviours.md#lambda-runtime) but matches what CloudWatch shows.
 */
export function lambdaLogStreamName(
  date: Date = new Date(),
  id: string = randomBytes(16).toString('hex'),
): string {
  const day = date.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${id}`;
}
