// Where catch-up starts. Message ids are ULIDs (48-bit millisecond time, then randomness), and the
// newest id held is not a safe cursor on its own: an ack for our own message can arrive before the
// fan-out delivers someone else's slightly older message, and deliveries may overtake each other.
// So the cursor is the newest id held moved back by an overlap window; the store de-duplicates by
// messageId, so re-reading a few seconds of history costs little and loses nothing.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;

export function ulidTimeMs(ulid: string): number {
  let time = 0;
  for (const char of ulid.slice(0, TIME_CHARS)) {
    time = time * 32 + CROCKFORD.indexOf(char);
  }
  return time;
}

/** The smallest ULID of millisecond `timeMs`, usable as an exclusive `after` cursor. */
export function ulidFloor(timeMs: number): string {
  let time = Math.max(0, Math.floor(timeMs));
  let encoded = '';
  for (let index = 0; index < TIME_CHARS; index += 1) {
    encoded = CROCKFORD.charAt(time % 32) + encoded;
    time = Math.floor(time / 32);
  }
  return encoded + '0'.repeat(RANDOM_CHARS);
}

/** `history {after}` cursor for catch-up: the newest id held, or `overlapMs` before it. */
export function catchUpCursor(newestMessageId: string, overlapMs: number): string {
  if (overlapMs <= 0) {
    return newestMessageId;
  }
  return ulidFloor(ulidTimeMs(newestMessageId) - overlapMs);
}
