import { InjectionToken } from '@angular/core';

export interface ChatRoomOptions {
  /** A sent message without an ack after this long is marked failed (the user may retry). */
  readonly ackTimeoutMs: number;
  /** Page size for catch-up and older history (at most HISTORY_MAX_LIMIT). */
  readonly historyPageSize: number;
  /**
   * Catch-up re-reads this much history before the newest message held (see catch-up-cursor.ts);
   * 0 asks strictly after the newest id.
   */
  readonly catchUpOverlapMs: number;
  /** Presence is only answered, never pushed, so it is asked for again this often. */
  readonly presenceRefreshMs: number;
  /** Wait before re-sending a joinRoom the server refused (e.g. THROTTLED). */
  readonly rejoinDelayMs: number;
}

export const DEFAULT_CHAT_ROOM_OPTIONS: ChatRoomOptions = {
  ackTimeoutMs: 15_000,
  historyPageSize: 50,
  catchUpOverlapMs: 30_000,
  presenceRefreshMs: 20_000,
  rejoinDelayMs: 2_000,
};

export const CHAT_ROOM_OPTIONS = new InjectionToken<ChatRoomOptions>('ChatRoomOptions', {
  providedIn: 'root',
  factory: () => DEFAULT_CHAT_ROOM_OPTIONS,
});
