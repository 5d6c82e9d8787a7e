// What a client is told when a WebSocket route fails. Clients branch on `code`; an unexpected
// failure gets a generic message (details stay in the log, found by requestId).
import { ErrorCode, type ErrorFrame } from '@chorus/protocol';
import { isThrottlingError } from './awsErrors';

/** Client refusals log at info, throttling at warn, our own faults at error. */
export type FailureSeverity = 'client' | 'throttled' | 'internal';

export interface Failure {
  code: ErrorCode;
  message: string;
  severity: FailureSeverity;
  /** With RATE_LIMITED: how long the client waits before resending (the error's `retryAfterMs`). */
  retryAfterMs?: number;
}

const WIRE_CODES = new Set<string>(Object.values(ErrorCode));

/** The wire code an error carries as its stable `code` (ProtocolError and the services' own errors). */
function wireCodeOf(error: unknown): ErrorCode | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && WIRE_CODES.has(code) ? (code as ErrorCode) : undefined;
}

function severityOf(code: ErrorCode): FailureSeverity {
  if (code === ErrorCode.THROTTLED) return 'throttled';
  if (code === ErrorCode.INTERNAL_ERROR) return 'internal';
  return 'client';
}

/**
 * Classifies any thrown value: an error whose `code` is a wire code reaches the client as it is,
 * an AWS throttling error becomes THROTTLED, anything else INTERNAL_ERROR.
 */
export function describeFailure(error: unknown, requestId: string): Failure {
  const code = wireCodeOf(error);
  if (code !== undefined) {
    const failure: Failure = { code, message: (error as Error).message, severity: severityOf(code) };
    const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
    if (code === ErrorCode.RATE_LIMITED && Number.isInteger(retryAfterMs) && (retryAfterMs as number) >= 0) {
      failure.retryAfterMs = retryAfterMs as number;
    }
    return failure;
  }
  if (isThrottlingError(error)) {
    return {
      code: ErrorCode.THROTTLED,
      message: 'The service is busy; resend the same frame in a moment',
      severity: 'throttled',
    };
  }
  return {
    code: ErrorCode.INTERNAL_ERROR,
    message: `Something went wrong on our side; quote request id ${requestId} when reporting it`,
    severity: 'internal',
  };
}

export interface ErrorFrameParts {
  requestId: string;
  /** The action of the refused frame, when it could be read. */
  action?: string | undefined;
  /** The room the refused frame named, so a client in several rooms knows whose request failed. */
  roomId?: string | undefined;
  /** The refused message's id, so the client can mark the right message failed. */
  clientMsgId?: string | undefined;
}

export function errorFrame(failure: Failure, parts: ErrorFrameParts): ErrorFrame {
  const frame: ErrorFrame = {
    type: 'error',
    code: failure.code,
    message: failure.message,
    requestId: parts.requestId,
  };
  if (parts.action !== undefined) frame.action = parts.action.slice(0, 64);
  if (parts.clientMsgId !== undefined) frame.clientMsgId = parts.clientMsgId;
  if (parts.roomId !== undefined) frame.roomId = parts.roomId;
  if (failure.retryAfterMs !== undefined) frame.retryAfterMs = failure.retryAfterMs;
  return frame;
}
