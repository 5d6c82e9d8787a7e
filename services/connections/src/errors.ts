// Errors this service raises on purpose. Each carries the stable code the client sees in its
// `error` frame (wire codes from @chorus/protocol) or, for operator-only failures, a code of ours.
import { ErrorCode, forbiddenMessage } from '@chorus/protocol';

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

/**
 * The room is not open to this connection. One message for every cause (private and not a member,
 * not joined, not the owner), so the answer tells an outsider nothing about the room.
 */
export class ForbiddenError extends ConnectionsError {
  public override readonly name = 'ForbiddenError';
  public readonly code = ErrorCode.FORBIDDEN;

  public constructor(public readonly roomId: string) {
    super(forbiddenMessage(roomId));
  }
}

/** createRoom named a room id that was created or used before. */
export class RoomExistsError extends ConnectionsError {
  public override readonly name = 'RoomExistsError';
  public readonly code = ErrorCode.ROOM_EXISTS;

  public constructor(public readonly roomId: string) {
    super(`Room "${roomId}" already exists; pick another id`);
  }
}

/** $connect would give the user more than MAX_CONNECTIONS_PER_USER connections. */
export class TooManyConnectionsError extends ConnectionsError {
  public override readonly name = 'TooManyConnectionsError';
  public readonly code = ErrorCode.TOO_MANY_CONNECTIONS;

  public constructor(public readonly maxConnections: number) {
    super(`A user may have at most ${maxConnections} connections at once; close one before opening another`);
  }
}

/** A room request that is well-formed but makes no sense (members of a public room, removing the owner). */
export class InvalidRoomRequestError extends ConnectionsError {
  public override readonly name = 'InvalidRoomRequestError';
  public readonly code = ErrorCode.INVALID_FRAME;
}
