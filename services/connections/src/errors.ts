// Errors this service raises on purpose. Each carries the stable code the client sees in its
// `error` frame (wire codes from @chorus/protocol) or, for operator-only failures, a code of ours.
import { ErrorCode } from '@chorus/protocol';

export abstract class ConnectionsError extends Error {
  public abstract readonly code: string;

  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The connection row is gone (expired, removed, or $connect never finished). */
export class UnknownConnectionError extends ConnectionsError {
  public override readonly name = 'UnknownConnectionError';
  public readonly code = ErrorCode.UNKNOWN_CONNECTION;

  public constructor(public readonly connectionId: string) {
    super(`Connection ${connectionId} is not known (expired or closed); reconnect and try again`);
  }
}

/** joinRoom would take the connection past MAX_ROOMS_PER_CONNECTION rooms. */
export class TooManyRoomsError extends ConnectionsError {
  public override readonly name = 'TooManyRoomsError';
  public readonly code = ErrorCode.TOO_MANY_ROOMS;

  public constructor(public readonly maxRooms: number) {
    super(`A connection may be in at most ${maxRooms} rooms; leave one before joining another`);
  }
}

/**
 * The authorizer refuses the token. The message must be exactly `Unauthorized`: it is the error
 * API Gateway turns into HTTP 401 at the handshake (docs/aws-behaviours.md#authorizer).
 */
export class UnauthorizedError extends ConnectionsError {
  public override readonly name = 'UnauthorizedError';
  public readonly code = ErrorCode.UNAUTHENTICATED;

  public constructor(public readonly reason: string) {
    super('Unauthorized');
  }
}

/** A route ran without `requestContext.authorizer` (no authorizer on `$connect`, or a bad one). */
export class MissingIdentityError extends ConnectionsError {
  public override readonly name = 'MissingIdentityError';
  public readonly code = ErrorCode.UNAUTHENTICATED;
}

/** `$connect` came without a usable display name. */
export class InvalidUserNameError extends ConnectionsError {
  public override readonly name = 'InvalidUserNameError';
  public readonly code = ErrorCode.INVALID_NAME;
}

/** DynamoDB throttled us (after the SDK's own retries) or a transaction lost a race; retry later. */
export class ThrottledError extends ConnectionsError {
  public override readonly name = 'ThrottledError';
  public readonly code = ErrorCode.THROTTLED;
}

/** The function's environment is wrong; only an operator can fix it. */
export class ConfigError extends ConnectionsError {
  public override readonly name = 'ConfigError';
  public readonly code = 'CONFIG_INVALID';
}
