// What this service counts. The logger and metrics ports, and the Throttled / InternalErrors
// counts of every refused frame, come from @chorus/lambda-kit.
import { RouteMetric } from '@chorus/lambda-kit';

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
  /** A history request was refused because its user was over the history rate (RATE_LIMITED). */
  HistoryRateLimited: 'HistoryRateLimited',
  /** A history request was refused. */
  HistoryRejected: 'HistoryRejected',
  /** DynamoDB throttled a request (surfaced to the client as THROTTLED); counted by the kit. */
  Throttled: RouteMetric.Throttled,
  /** An unexpected failure (INTERNAL_ERROR on the wire); counted by the kit. */
  InternalErrors: RouteMetric.InternalErrors,
} as const;
export type MessagesMetric = (typeof MessagesMetric)[keyof typeof MessagesMetric];
