// One way to build Powertools' logger and metrics in every Chorus function, so log lines and
// metric dimensions look the same across services (dashboards and alarms in infra/ rely on it).
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** CloudWatch namespace every Chorus metric is published under. */
export const SERVICE_NAMESPACE = 'Chorus';

/**
 * A logger for one service. Handlers append `requestId` and `connectionId` per invocation with
 * `logger.appendKeys` and clear them with `logger.resetKeys()`; the level comes from
 * POWERTOOLS_LOG_LEVEL (default INFO).
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName, persistentKeys: { stage: process.env['STAGE'] ?? 'local' } });
}

/**
 * Metrics for one service, as CloudWatch embedded-metric-format lines on stdout (no API calls, so
 * the same code runs locally). Dimension: stage.
 */
export function createMetrics(serviceName: string): Metrics {
  return new Metrics({
    namespace: SERVICE_NAMESPACE,
    serviceName,
    defaultDimensions: { stage: process.env['STAGE'] ?? 'local' },
  });
}
