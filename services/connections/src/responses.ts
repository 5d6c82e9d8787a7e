// Turning outcomes into what API Gateway sends back: a server frame as the body of a 200 (the
// message routes are two-way), or an `error` frame carrying a stable code.
import {
  ErrorCode,
  ProtocolError,
  encodeServerFrame,
  type ErrorFrame,
  type ServerFrame,
} from '@chorus/protocol';
import { isThrottlingError } from './awsErrors';
import { ConnectionsError } from './errors';

export interface WebsocketResult {
  statusCode: number;
  body?: string;
}

export interface Failure {
  code: ErrorCode;
  message: string;
  /** True when the client caused it (bad frame, unknown connection, …); false for our faults. */
  expected: boolean;
}

const WIRE_CODES = new Set<string>(Object.values(ErrorCode));

function isWireCode(code: string): code is ErrorCode {
  return WIRE_CODES.has(code);
}

/** Classifies any thrown value into the code and message a client may see. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof ProtocolError) {
    return { code: error.code, message: error.message, expected: true };
  }
  if (error instanceof ConnectionsError && isWireCode(error.code)) {
    return { code: error.code, message: error.message, expected: error.code !== ErrorCode.INTERNAL_ERROR };
  }
  if (isThrottlingError(error)) {
    return { code: ErrorCode.THROTTLED, message: 'The service is busy; retry shortly', expected: true };
  }
  return {
    code: ErrorCode.INTERNAL_ERROR,
    message: 'Something went wrong on our side; quote the requestId when reporting it',
    expected: false,
  };
}

export function frameResult(frame: ServerFrame): WebsocketResult {
  return { statusCode: 200, body: encodeServerFrame(frame) };
}

export function errorFrame(
  failure: Failure,
  requestId: string,
  action?: string,
  roomId?: string,
): ErrorFrame {
  const frame: ErrorFrame = { type: 'error', code: failure.code, message: failure.message, requestId };
  if (action !== undefined) frame.action = action.slice(0, 64);
  if (roomId !== undefined) frame.roomId = roomId;
  return frame;
}

/** Error frames are built by us from known parts, so plain JSON (no schema check that could throw). */
export function errorResult(frame: ErrorFrame, statusCode = 200): WebsocketResult {
  return { statusCode, body: JSON.stringify(frame) };
}

/** HTTP status that rejects a `$connect` upgrade for a failure. */
export function connectRejectionStatus(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.INVALID_NAME:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.THROTTLED:
      return 503;
    default:
      return 500;
  }
}
