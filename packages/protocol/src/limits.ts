// Limits every party enforces the same way. API Gateway's own limits (frame, message) are the
// outer bound; ours are tighter so a valid chat frame can never hit the gateway's 1009 close.

/** API Gateway closes a connection with 1009 when one frame exceeds 32 KB. */
export const FRAME_MAX_BYTES = 32 * 1024;
/** API Gateway's limit for one (possibly multi-frame) message, also for PostToConnection payloads. */
export const MESSAGE_MAX_BYTES = 128 * 1024;
/** Longest chat text, in characters (UTF-16 code units, as the browser counts them). */
export const TEXT_MAX_CHARS = 4000;
/** Largest history page a client may ask for, and the page size when it does not say. */
export const HISTORY_MAX_LIMIT = 100;
export const HISTORY_DEFAULT_LIMIT = 50;
/**
 * Most display names one `presence` frame lists (the first ones in sorted order). 500 names of
 * at most 32 characters stay far below the 128 KB message limit even in 4-byte UTF-8, and a
 * huge room is never read whole just to answer one request; the frame says `truncated` instead.
 */
export const PRESENCE_MAX_USERS = 500;

/** Room ids are URL- and key-safe so they can sit inside DynamoDB keys and links. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Display names: 1-32 letters, digits, spaces, `.`, `_` or `-`, not starting with a space. */
export const USER_NAME_PATTERN = /^[\p{L}\p{N}_.-][\p{L}\p{N} _.-]{0,31}$/u;
/** Client message ids are chosen by the client (a UUID or ULID fits); used for idempotency. */
export const CLIENT_MSG_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/**
 * User ids (a token's `sub`) as frames name them (room members): 1-128 printable ASCII characters
 * without spaces, which fits Cognito's UUIDs and every OIDC subject we have met.
 */
export const USER_ID_PATTERN = /^[\x21-\x7E]{1,128}$/;
/** Members one createRoom frame may list (more are added with addMember). */
export const ROOM_MEMBERS_PER_FRAME_MAX = 100;
/** Server message ids are ULIDs: 26 Crockford base32 characters, time-ordered. */
export const MESSAGE_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** API Gateway closes idle connections after 10 minutes and every connection after 2 hours. */
export const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
export const MAX_CONNECTION_MS = 2 * 60 * 60 * 1000;

/** Byte length of a string as UTF-8, in browsers and in Node alike. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}
