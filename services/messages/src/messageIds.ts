// Message ids are ULIDs: time-ordered, so a room's partition sorted by id is sorted by time and a
// history page is one Query on the sort key. The monotonic factory keeps ids strictly increasing
// within a container even when two messages share a millisecond or the clock steps back.
import { monotonicFactory } from 'ulid';

export interface MessageIdGenerator {
  /** A new id whose time part is `nowMs` (or later, to stay monotonic). */
  next(nowMs: number): string;
}

export function createMessageIdGenerator(): MessageIdGenerator {
  const factory = monotonicFactory();
  return { next: (nowMs) => factory(nowMs) };
}
