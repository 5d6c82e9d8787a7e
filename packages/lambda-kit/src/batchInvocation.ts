// The stream and SQS triggers' counterpart of withInvocation: the Lambda request id on every log
// line of the batch, metrics flushed once at its end, whatever happened to its records.
import type { Context } from 'aws-lambda';
import { flushMetrics, type LoggerPort, type MetricsPort } from './telemetry';

export interface BatchInvocationDeps {
  logger: LoggerPort;
  metrics: Pick<MetricsPort, 'hasStoredMetrics' | 'publishStoredMetrics'>;
}

export async function withBatchInvocation<T>(
  deps: BatchInvocationDeps,
  context: Context,
  work: () => Promise<T>,
): Promise<T> {
  const { logger } = deps;
  logger.addContext(context);
  // A warm container's previous batch must not lend its keys to this one.
  logger.resetKeys();
  logger.appendKeys({ requestId: context.awsRequestId });
  try {
    return await work();
  } finally {
    flushMetrics(deps.metrics, logger);
  }
}
