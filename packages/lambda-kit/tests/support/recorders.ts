// Recording stand-ins for Powertools' Logger and Metrics, with the same buffering as the real
// Metrics (addMetric stores, publishStoredMetrics flushes), so tests see what was published.
import type { LoggerPort, MetricsPort } from '../../src/telemetry';

export interface RecordingLogger extends LoggerPort {
  appendKeys: jest.Mock;
  resetKeys: jest.Mock;
  addContext: jest.Mock;
  debug: jest.Mock;
  info: jest.Mock;
  warn: jest.Mock;
  error: jest.Mock;
}

export function recordingLogger(): RecordingLogger {
  return {
    appendKeys: jest.fn(),
    resetKeys: jest.fn(),
    addContext: jest.fn(),
    debug: jest.fn(),
    info: jest.fn(),
    warn: jest.fn(),
    error: jest.fn(),
  } as unknown as RecordingLogger;
}

export interface RecordingMetrics extends MetricsPort {
  /** Metric name → summed value, of everything published so far. */
  published: Map<string, number>;
  addMetric: jest.Mock;
  publishStoredMetrics: jest.Mock;
}

export function recordingMetrics(): RecordingMetrics {
  let stored: Array<[string, number]> = [];
  const published = new Map<string, number>();
  const metrics = {
    published,
    addMetric: jest.fn(),
    hasStoredMetrics: () => stored.length > 0,
    publishStoredMetrics: jest.fn(),
  } as unknown as RecordingMetrics;
  metrics.addMetric.mockImplementation((name: string, _unit: unknown, value: number) => {
    stored.push([name, value]);
    return metrics;
  });
  metrics.publishStoredMetrics.mockImplementation(() => {
    for (const [name, value] of stored) published.set(name, (published.get(name) ?? 0) + value);
    stored = [];
    return metrics;
  });
  return metrics;
}

export function routeDeps(): { logger: RecordingLogger; metrics: RecordingMetrics } {
  return { logger: recordingLogger(), metrics: recordingMetrics() };
}
