export { createLogger, createMetrics, SERVICE_NAMESPACE } from './powertools';
