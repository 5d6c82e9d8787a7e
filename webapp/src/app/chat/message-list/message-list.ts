// The room's timeline, windowed: rows take the height of their text and only those near the
// viewport are rendered (see message-window.ts). It sticks to the bottom while the reader is
// there, asks for an older page when scrolled near the top, and keeps the row at the top of the
// viewport in place when that page is prepended or rows above it get measured.
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterRenderEffect,
  computed,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { DatePipe } from '@angular/common';
import type { RoomStore } from '../room-store';
import { MeasuredHeight } from './measured-height';
import {
  RowHeights,
  anchorAt,
  anchoredScrollTop,
  rowOffsets,
  rowWindow,
  type ScrollAnchor,
} from './message-window';

/** Closer than this to the bottom counts as "at the bottom" (new messages keep it there). */
const STICK_TO_BOTTOM_PX = 36;
/** Closer than this to the top asks for the page of older messages. */
const LOAD_OLDER_PX = 150;

@Component({
  selector: 'app-message-list',
  imports: [DatePipe, MeasuredHeight],
  templateUrl: './message-list.html',
  styleUrl: './message-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '(window:resize)': 'syncViewport()' },
})
export class MessageList {
  readonly room = input.required<RoomStore>();

  private readonly viewport = viewChild.required<ElementRef<HTMLElement>>('viewport');
  private readonly scrollTop = signal(0);
  private readonly viewportHeight = signal(0);
  private readonly heights = new RowHeights();
  /** Bumped when a height is recorded: `heights` itself is not a signal. */
  private readonly heightsChanged = signal(0);
  private viewportWidth = 0;
  private stickToBottom = true;
  private anchor: ScrollAnchor | undefined;
  private shownRoom: RoomStore | undefined;

  protected readonly timeline = computed(() => this.room().timeline());
  private readonly keys = computed(() => this.timeline().map((entry) => entry.key));
  private readonly offsets = computed(() => {
    this.heightsChanged();
    return rowOffsets(this.keys(), this.heights);
  });
  protected readonly totalHeight = computed(() => this.offsets()[this.keys().length] ?? 0);
  private readonly window = computed(() =>
    rowWindow(this.offsets(), this.scrollTop(), this.viewportHeight()),
  );
  protected readonly offsetTop = computed(() => this.offsets()[this.window().first] ?? 0);
  protected readonly rows = computed(() => this.timeline().slice(this.window().first, this.window().end));

  constructor() {
    afterRenderEffect({
      write: () => {
        const room = this.room();
        const offsets = this.offsets();
        const element = this.viewport().nativeElement;
        if (room !== this.shownRoom) {
          // The router reuses this view for another room: start that one at its newest message.
          this.shownRoom = room;
          this.anchor = undefined;
          this.stickToBottom = true;
        }
        if (this.stickToBottom) {
          element.scrollTop = element.scrollHeight;
        } else if (this.anchor !== undefined) {
          const target = anchoredScrollTop(this.anchor, untracked(this.keys), offsets);
          if (target !== undefined && Math.abs(element.scrollTop - target) >= 1) {
            element.scrollTop = target;
          }
        }
        this.syncViewport();
        if (element.scrollHeight <= element.clientHeight) {
          // Nothing to scroll yet: fill the viewport with older pages.
          untracked(() => this.room().loadOlder());
        }
      },
    });
  }

  protected onScroll(): void {
    const element = this.viewport().nativeElement;
    this.stickToBottom = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_TO_BOTTOM_PX;
    this.anchor = anchorAt(
      this.keys(),
      this.offsets(),
      this.heights,
      element.scrollTop,
      element.clientHeight,
    );
    this.syncViewport();
    if (element.scrollTop < LOAD_OLDER_PX) {
      this.room().loadOlder();
    }
  }

  protected onRowMeasured(key: string, height: number): void {
    if (this.heights.set(key, height)) {
      this.heightsChanged.update((version) => version + 1);
    }
  }

  protected syncViewport(): void {
    const element = this.viewport().nativeElement;
    if (this.viewportWidth !== 0 && element.clientWidth !== this.viewportWidth) {
      // Text wraps anew at another width; rows in view are re-measured by their observers.
      this.heights.clear();
      this.heightsChanged.update((version) => version + 1);
    }
    this.viewportWidth = element.clientWidth;
    this.scrollTop.set(element.scrollTop);
    this.viewportHeight.set(element.clientHeight);
  }

  protected retry(clientMsgId: string): void {
    this.room().retry(clientMsgId);
  }
}
