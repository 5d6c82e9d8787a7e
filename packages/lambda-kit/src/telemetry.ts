// The slices of Powertools' Logger and Metrics that Chorus code uses, named once: production
// passes the real objects from @chorus/observability, tests pass recording fakes.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';

/** What domain code logs with (a Powertools Logger or a child of one satisfies it). */
export type Log = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** What a handler needs to tag one invocation's log lines and clear them afterwards. */
export type LoggerPort = Log & Pick<Logger, 'appendKeys' | 'resetKeys' | 'addContext'>;

/** What a handler needs of Powertools Metrics: record, and flush at the end of an invocation. */
export type MetricsPort = Pick<Metrics, 'addMetric' | 'hasStoredMetrics' | 'publishStoredMetrics'>;

/**
 * Publishes the invocation's metrics (skipping Powertools' "no metrics" warning when there are
 * none); a failure to publish is logged, never thrown over the invocation's own result.
 */
export function flushMetrics(
  metrics: Pick<MetricsPort, 'hasStoredMetrics' | 'publishStoredMetrics'>,
  log?: Pick<Log, 'warn'>,
): void {
  try {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  } catch (error) {
    if (log === undefined) throw error;
    log.warn('could not publish metrics', { error: error as Error });
  }
}
