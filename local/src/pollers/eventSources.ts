// The event-source settings the pollers run with: the `stream` and `sqs` members of
// `FunctionEvent` (definitions/types.ts); `kind` is not needed once a poller is chosen.
import type { SqsEvent, StreamEvent } from '../definitions/types';

/** maximumRetryAttempts / maximumRecordAgeSeconds: -1 = unlimited, as on AWS. */
export type StreamEventSource = Omit<StreamEvent, 'kind'>;

export type SqsEventSource = Omit<SqsEvent, 'kind'>;

/** Log sink; lines arrive already prefixed with the function name. */
export type PollerLog = (line: string) => void;
