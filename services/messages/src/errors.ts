// Errors of the messages service. Each has a stable `code`; the ones a client may act on carry the
// wire ErrorCode directly, the others are operator-facing and become INTERNAL_ERROR on the wire.
import { ErrorCode, forbiddenMessage } from '@chorus/protocol';

export abstract class MessagesError extends Error {
  public abstract readonly code: string;
}

/** The sender's connection row is gone (expired or removed): the client should reconnect. */
export class UnknownConnectionError extends MessagesError {
  public override readonly name = 'UnknownConnectionError';
  public readonly code = ErrorCode.UNKNOWN_CONNECTION;

  public constructor(public readonly connectionId: string) {
    super('This connection is not registered any more; reconnect and join the room again');
  }
}

/**
 * The connection has not joined the room it sends to or reads from. Only a connection the room
 * admitted can have joined it, so this is also every private room's answer to an outsider, worded
 * like the connections service's (one message for every cause: nothing about the room leaks).
 */
export class ForbiddenError extends MessagesError {
  public override readonly name = 'ForbiddenError';
  public readonly code = ErrorCode.FORBIDDEN;

  public constructor(public readonly roomId: string) {
    super(forbiddenMessage(roomId));
  }
}

/** The user is over its send (or history) rate; the same frame may be sent again after `retryAfterMs`. */
export class RateLimitedError extends MessagesError {
  public override readonly name = 'RateLimitedError';
  public readonly code = ErrorCode.RATE_LIMITED;

  public constructor(
    public readonly retryAfterMs: number,
    what: 'send' | 'history' = 'send',
  ) {
    super(
      what === 'send'
        ? `Sending too fast; send this message again in ${retryAfterMs} ms`
        : `Reading history too fast; ask again in ${retryAfterMs} ms`,
    );
  }
}

/**
 * A concurrent write on the same dedup marker kept cancelling the transaction. The client may
 * resend the same frame safely (idempotent by clientMsgId), so its code is the wire's THROTTLED,
 * like the connections service's ThrottledError for the same race; the name tells them apart.
 */
export class WriteContentionError extends MessagesError {
  public override readonly name = 'WriteContentionError';
  public readonly code = ErrorCode.THROTTLED;

  public constructor(attempts: number) {
    super(`Message write was cancelled by concurrent transactions ${attempts} times`);
  }
}

/** The dedup condition failed but the marker could not be read back: not expected to happen. */
export class DedupRecordMissingError extends MessagesError {
  public override readonly name = 'DedupRecordMissingError';
  public readonly code = 'DEDUP_RECORD_MISSING';

  public constructor(public readonly dedupPk: string) {
    super(`Dedup marker ${dedupPk} blocked the write but could not be read back`);
  }
}

/** The generated message id already existed (ULID collision or clock bug); nothing was written. */
export class MessageIdConflictError extends MessagesError {
  public override readonly name = 'MessageIdConflictError';
  public readonly code = 'MESSAGE_ID_CONFLICT';

  public constructor(public readonly messageId: string) {
    super(`Message id ${messageId} already exists in the room`);
  }
}

/** The function's environment is incomplete. */
export class ConfigError extends MessagesError {
  public override readonly name = 'ConfigError';
  public readonly code = 'CONFIG_INVALID';
}
