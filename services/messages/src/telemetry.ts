// The slices of Powertools' Logger and Metrics this service uses, so tests can pass recording
// fakes while production passes the real objects from @chorus/observability.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';

export type LoggerPort = Pick<
  Logger,
  'debug' | 'info' | 'warn' | 'error' | 'appendKeys' | 'resetKeys' | 'addContext'
>;
export type MetricsPort = Pick<Metrics, 'addMetric' | 'publishStoredMetrics'>;

/** Metric names (namespace Chorus); the operator dashboard in infra/ charts these. */
export const MessagesMetric = {
  /** A new chat message was written (the stream will fan it out). */
  MessagesAccepted: 'MessagesAccepted',
  /** A sendMessage repeated a clientMsgId; the original was acked and nothing was written. */
  DuplicateSends: 'DuplicateSends',
  /** A sendMessage was refused (bad frame, unknown connection, not in room, throttled, internal). */
  SendsRejected: 'SendsRejected',
  /** A sendMessage was refused because its sender was over the send rate (RATE_LIMITED). */
  SendsRateLimited: 'SendsRateLimited',
  /** A history page was served, and how many messages it carried. */
  HistoryPagesServed: 'HistoryPagesServed',
  HistoryMessagesReturned: 'HistoryMessagesReturned',
  /** A history request was refused. */
  HistoryRejected: 'HistoryRejected',
  /** DynamoDB throttled a request (surfaced to the client as THROTTLED). */
  Throttled: 'Throttled',
  /** An unexpected failure (INTERNAL_ERROR on the wire); look for the error log line. */
  InternalErrors: 'InternalErrors',
} as const;
export type MessagesMetric = (typeof MessagesMetric)[keyof typeof MessagesMetric];
