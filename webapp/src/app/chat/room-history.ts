// How much of a room's history is loaded. After every join a catch-up asks for
// `history {after: newest held}` (the newest page when nothing is held) and pages forward while
// `hasMore`; scrolling up asks for the page before the oldest message held. The cursor is where
// the gap began: a catch-up cut short by another drop leaves it there, even if live copies arrived
// on the short-lived socket, so the next one does not skip what was sent while it was away.
import { signal } from '@angular/core';
import { Subscription, timer, type SchedulerLike } from 'rxjs';
import type { ClientFrameInput, HistoryPageFrame } from '@chorus/protocol';
import { catchUpCursor } from './catch-up-cursor';
import type { ChatRoomOptions } from './chat-options';
import type { RoomRequest } from './room-socket';
import type { RoomTimeline } from './room-timeline';

export interface RoomHistoryDeps {
  readonly roomId: string;
  readonly timeline: RoomTimeline;
  readonly request: RoomRequest;
  readonly isJoined: () => boolean;
  readonly scheduler: SchedulerLike;
  readonly options: ChatRoomOptions;
}

export class RoomHistory {
  private readonly hasOlderSignal = signal(true);
  private readonly loadingOlderSignal = signal(false);
  /** The unanswered first-page/catch-up request: an error for it must not end the catch-up. */
  private pendingCatchUp: ClientFrameInput | undefined;
  /** Re-asks for a refused catch-up page; they end with the connection or the next join. */
  private retries = new Subscription();
  /**
   * Where the unfinished catch-up reads from: the newest message held when the gap began (null:
   * nothing was held), moved on by each page read. Undefined once a catch-up read to the end.
   */
  private gapFrom: string | null | undefined;

  readonly hasOlder = this.hasOlderSignal.asReadonly();
  readonly loadingOlder = this.loadingOlderSignal.asReadonly();

  constructor(private readonly deps: RoomHistoryDeps) {}

  /** The room is (re)joined: read what was missed, or the newest page the first time. */
  catchUp(): void {
    this.retries.unsubscribe();
    this.retries = new Subscription();
    const { roomId } = this.deps;
    this.gapFrom ??= this.deps.timeline.newest()?.messageId ?? null;
    if (this.gapFrom === null) {
      this.requestCatchUp({ action: 'history', roomId, limit: this.pageSize });
    } else {
      const after = catchUpCursor(this.gapFrom, this.deps.options.catchUpOverlapMs);
      this.requestCatchUp({ action: 'history', roomId, after, limit: this.pageSize });
    }
  }

  /** Asks for the page before the oldest message held (scrolling up). */
  loadOlder(): void {
    const oldest = this.deps.timeline.oldest();
    if (!this.hasOlder() || this.loadingOlder() || oldest === undefined || !this.deps.isJoined()) {
      return;
    }
    const { roomId } = this.deps;
    if (this.deps.request({ action: 'history', roomId, before: oldest.messageId, limit: this.pageSize })) {
      this.loadingOlderSignal.set(true);
    }
  }

  onPage(page: HistoryPageFrame): void {
    this.deps.timeline.add(page.messages);
    if (page.before === undefined) this.pendingCatchUp = undefined;
    if (page.after !== undefined) {
      const after = page.messages[page.messages.length - 1]?.messageId;
      if (page.hasMore && after !== undefined) {
        // Pages are contiguous from the cursor: what they held is read, whatever happens next.
        if (this.gapFrom !== undefined) this.gapFrom = after;
        this.requestCatchUp({ action: 'history', roomId: this.deps.roomId, after, limit: this.pageSize });
      } else {
        this.gapFrom = undefined;
      }
      return;
    }
    if (page.before === undefined) this.gapFrom = undefined;
    // A page of older messages (before) or the first page (newest messages, no cursor).
    this.hasOlderSignal.set(page.hasMore);
    this.loadingOlderSignal.set(false);
  }

  /**
   * The server refused a history request of this room; with RATE_LIMITED it says how long to
   * wait (`retryAfterMs`), which then replaces the usual delay.
   */
  onRefused(retryAfterMs?: number): void {
    this.loadingOlderSignal.set(false);
    // The error frame does not say which history request failed; asking a catch-up page twice is
    // harmless, so an unanswered catch-up is asked again.
    const catchUp = this.pendingCatchUp;
    if (catchUp !== undefined && this.deps.isJoined()) {
      this.retries.add(
        timer(retryAfterMs ?? this.deps.options.rejoinDelayMs, this.deps.scheduler).subscribe(() => {
          if (this.pendingCatchUp === catchUp) this.deps.request(catchUp);
        }),
      );
    }
  }

  /** The connection is gone: answers to what was asked will never come. */
  reset(): void {
    this.loadingOlderSignal.set(false);
    this.pendingCatchUp = undefined;
    this.retries.unsubscribe();
  }

  private get pageSize(): number {
    return this.deps.options.historyPageSize;
  }

  private requestCatchUp(frame: ClientFrameInput): void {
    this.pendingCatchUp = frame;
    this.deps.request(frame);
  }
}
