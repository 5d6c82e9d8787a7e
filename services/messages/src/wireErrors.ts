// Turns any failure into the `error` frame the client receives. Clients branch on `code`; the
// message of an unexpected failure is generic (details stay in the log, found by requestId).
import { ErrorCode, ProtocolError, type ErrorFrame } from '@chorus/protocol';
import { isThrottlingError } from './awsErrors';
import { NotInRoomError, RateLimitedError, UnknownConnectionError, WriteContentionError } from './errors';

export interface WireError {
  code: ErrorCode;
  message: string;
  /** Expected refusals (bad frame, not in room…) log at info; the rest are warnings or errors. */
  severity: 'client' | 'throttled' | 'internal';
  /** RATE_LIMITED: how long the client waits before resending. */
  retryAfterMs?: number;
}

export function classifyError(error: unknown, requestId: string): WireError {
  if (error instanceof ProtocolError) return { code: error.code, message: error.message, severity: 'client' };
  if (error instanceof RateLimitedError) {
    return { code: error.code, message: error.message, severity: 'client', retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof UnknownConnectionError || error instanceof NotInRoomError) {
    return { code: error.code, message: error.message, severity: 'client' };
  }
  if (error instanceof WriteContentionError || isThrottlingError(error)) {
    return {
      code: ErrorCode.THROTTLED,
      message: 'The service is busy; resend the same frame in a moment',
      severity: 'throttled',
    };
  }
  return {
    code: ErrorCode.INTERNAL_ERROR,
    message: `Internal error; quote request id ${requestId}`,
    severity: 'internal',
  };
}

export interface ErrorFrameContext {
  requestId: string;
  action: string;
  clientMsgId?: string | undefined;
  /** The room the refused frame named, so a client in several rooms knows whose request failed. */
  roomId?: string | undefined;
}

export function errorFrameFor(wire: WireError, context: ErrorFrameContext): ErrorFrame {
  return {
    type: 'error',
    code: wire.code,
    message: wire.message,
    requestId: context.requestId,
    action: context.action,
    ...(context.clientMsgId !== undefined ? { clientMsgId: context.clientMsgId } : {}),
    ...(context.roomId !== undefined ? { roomId: context.roomId } : {}),
    ...(wire.retryAfterMs !== undefined ? { retryAfterMs: wire.retryAfterMs } : {}),
  };
}
