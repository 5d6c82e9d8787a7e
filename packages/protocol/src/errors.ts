// Error codes are part of the wire protocol: clients branch on `code`, people read `message`.

export const ErrorCode = {
  /** The frame is not JSON, or not a JSON object. */
  MALFORMED_FRAME: 'MALFORMED_FRAME',
  /** The frame is larger than FRAME_MAX_BYTES. */
  FRAME_TOO_LARGE: 'FRAME_TOO_LARGE',
  /** No route matches the frame's `action` (API Gateway sent it to `$default`). */
  UNKNOWN_ACTION: 'UNKNOWN_ACTION',
  /** The action is known but a field is missing, of the wrong type or out of range. */
  INVALID_FRAME: 'INVALID_FRAME',
  /**
   * No longer sent (kept so older clients still parse): a route that needs a joined room answers
   * FORBIDDEN, which tells nothing about the room itself.
   */
  NOT_IN_ROOM: 'NOT_IN_ROOM',
  /**
   * The room is not open to this connection: a private room it is not a member of, a room it has
   * not joined (sendMessage, history, whoIsOnline), or a member change by someone not the owner.
   * Always the same message, so it reveals nothing about the room.
   */
  FORBIDDEN: 'FORBIDDEN',
  /** createRoom named a room id that is taken (created or already used). */
  ROOM_EXISTS: 'ROOM_EXISTS',
  /** joinRoom would take the connection past its cap of rooms; leave one first. */
  TOO_MANY_ROOMS: 'TOO_MANY_ROOMS',
  /** The connection row is gone (expired or removed); the client should reconnect. */
  UNKNOWN_CONNECTION: 'UNKNOWN_CONNECTION',
  /** `$connect` arrived without the identity the authorizer vouches for (no verified token). */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** `$connect` was refused (HTTP 429): the user already has maxConnectionsPerUser connections. */
  TOO_MANY_CONNECTIONS: 'TOO_MANY_CONNECTIONS',
  /** `$connect` was refused: missing or invalid display name. */
  INVALID_NAME: 'INVALID_NAME',
  /** A dependency throttled us; the client may retry the same frame (idempotent by clientMsgId). */
  THROTTLED: 'THROTTLED',
  /**
   * The sender is over its send rate; the frame carries `retryAfterMs`, after which the same
   * frame may be sent again (idempotent by clientMsgId).
   */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Anything else; the request id lets an operator find the log line. */
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The one text of every FORBIDDEN answer, whichever service gives it and whatever the cause, so
 * no wording tells a private room from a room not joined or not there.
 */
export function forbiddenMessage(roomId: string): string {
  return `Room "${roomId}" is not open to this connection: join it first; a private room admits only its members, and only its owner changes them`;
}

/** Raised by parseClientFrame; carries the code the `error` frame will show. */
export class ProtocolError extends Error {
  public override readonly name = 'ProtocolError';

  public constructor(
    public readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
