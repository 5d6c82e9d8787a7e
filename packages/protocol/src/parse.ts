// One place that turns raw text into a typed frame or a precise ProtocolError, used by every
// handler (server side) and by the webapp (both directions).
import type * as z from 'zod/mini';
import { clientFrameSchemas, type ClientAction, type ClientFrame, type ClientFrameOf } from './clientFrames';
import { ErrorCode, ProtocolError } from './errors';
import { FRAME_MAX_BYTES, ROOM_ID_PATTERN, utf8Length } from './limits';
import { serverFrameSchema, type ServerFrame } from './serverFrames';

function isClientAction(action: unknown): action is ClientAction {
  return typeof action === 'string' && Object.prototype.hasOwnProperty.call(clientFrameSchemas, action);
}

/** Parses JSON text into a plain object or throws MALFORMED_FRAME / FRAME_TOO_LARGE. */
export function parseJsonObject(raw: string | null | undefined): Record<string, unknown> {
  if (raw === null || raw === undefined || raw.length === 0) {
    throw new ProtocolError(ErrorCode.MALFORMED_FRAME, 'Frame is empty; send a JSON object with an action');
  }
  if (raw.length > FRAME_MAX_BYTES || utf8Length(raw) > FRAME_MAX_BYTES) {
    throw new ProtocolError(ErrorCode.FRAME_TOO_LARGE, `Frame exceeds ${FRAME_MAX_BYTES} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new ProtocolError(ErrorCode.MALFORMED_FRAME, 'Frame is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ProtocolError(ErrorCode.MALFORMED_FRAME, 'Frame must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Reads `action` without validating the rest; for error frames about unparseable frames. */
export function peekAction(raw: string | null | undefined): string | undefined {
  try {
    const action = parseJsonObject(raw)['action'];
    return typeof action === 'string' ? action : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads `roomId` without validating the rest, so an error frame can name the room of a refused
 * request; only a well-formed room id is returned (an error frame never echoes arbitrary input).
 */
export function peekRoomId(raw: string | null | undefined): string | undefined {
  try {
    const roomId = parseJsonObject(raw)['roomId'];
    return typeof roomId === 'string' && ROOM_ID_PATTERN.test(roomId) ? roomId : undefined;
  } catch {
    return undefined;
  }
}

function describeIssues(error: z.core.$ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/** Validates any client frame; unknown actions are UNKNOWN_ACTION, bad fields INVALID_FRAME. */
export function parseClientFrame(raw: string | null | undefined): ClientFrame {
  const value = parseJsonObject(raw);
  const action = value['action'];
  if (!isClientAction(action)) {
    const shown = typeof action === 'string' ? `"${action.slice(0, 64)}"` : 'missing';
    throw new ProtocolError(
      ErrorCode.UNKNOWN_ACTION,
      `Unknown action ${shown}; expected one of ${Object.keys(clientFrameSchemas).join(', ')}`,
    );
  }
  const result = clientFrameSchemas[action].safeParse(value);
  if (!result.success) {
    throw new ProtocolError(
      ErrorCode.INVALID_FRAME,
      `Invalid ${action} frame: ${describeIssues(result.error)}`,
    );
  }
  return result.data as ClientFrame;
}

/** Validates a frame that must be of one action (a route handler knows which it serves). */
export function parseClientFrameOf<A extends ClientAction>(
  action: A,
  raw: string | null | undefined,
): ClientFrameOf<A> {
  const frame = parseClientFrame(raw);
  if (frame.action !== action) {
    throw new ProtocolError(ErrorCode.INVALID_FRAME, `Expected a ${action} frame, got ${frame.action}`);
  }
  return frame as ClientFrameOf<A>;
}

/** Validates a frame from the server (used by the webapp). */
export function parseServerFrame(raw: string): ServerFrame {
  const value = parseJsonObjectUnbounded(raw);
  const result = serverFrameSchema.safeParse(value);
  if (!result.success) {
    throw new ProtocolError(ErrorCode.INVALID_FRAME, `Invalid server frame: ${describeIssues(result.error)}`);
  }
  return result.data;
}

/** Server frames may exceed one client frame (a history page) but not API Gateway's message limit. */
function parseJsonObjectUnbounded(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new ProtocolError(ErrorCode.MALFORMED_FRAME, 'Server frame is not valid JSON');
  }
}

/** Serialises a server frame after checking it against the schema (catches server bugs early). */
export function encodeServerFrame(frame: ServerFrame): string {
  return JSON.stringify(serverFrameSchema.parse(frame));
}
