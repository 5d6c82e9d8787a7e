// The room's timeline with windowed rendering. It sticks to the bottom while the reader is there,
// asks for an older page when scrolled near the top, and keeps the same rows in view when that
// page is prepended.
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
import { ROW_HEIGHT_PX, rowWindow } from './message-window';

@Component({
  selector: 'app-message-list',
  imports: [DatePipe],
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
  private stickToBottom = true;
  private previousFirstKey: string | undefined;
  private shownRoom: RoomStore | undefined;

  protected readonly rowHeight = ROW_HEIGHT_PX;
  protected readonly timeline = computed(() => this.room().timeline());
  protected readonly totalHeight = computed(() => this.timeline().length * ROW_HEIGHT_PX);
  private readonly window = computed(() =>
    rowWindow(this.timeline().length, this.scrollTop(), this.viewportHeight()),
  );
  protected readonly offsetTop = computed(() => this.window().first * ROW_HEIGHT_PX);
  protected readonly rows = computed(() => this.timeline().slice(this.window().first, this.window().end));

  constructor() {
    afterRenderEffect({
      write: () => {
        const room = this.room();
        const entries = this.timeline();
        const element = this.viewport().nativeElement;
        if (room !== this.shownRoom) {
          // The router reuses this view for another room: start that one at its newest message.
          this.shownRoom = room;
          this.previousFirstKey = undefined;
          this.stickToBottom = true;
        }
        const firstKey = entries[0]?.key;
        if (this.previousFirstKey !== undefined && firstKey !== this.previousFirstKey) {
          const shift = entries.findIndex((entry) => entry.key === this.previousFirstKey);
          if (shift > 0 && !this.stickToBottom) {
            element.scrollTop += shift * ROW_HEIGHT_PX;
          }
        }
        this.previousFirstKey = firstKey;
        if (this.stickToBottom) {
          element.scrollTop = element.scrollHeight;
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
    this.stickToBottom = element.scrollHeight - element.scrollTop - element.clientHeight < ROW_HEIGHT_PX / 2;
    this.syncViewport();
    if (element.scrollTop < ROW_HEIGHT_PX * 2) {
      this.room().loadOlder();
    }
  }

  protected syncViewport(): void {
    const element = this.viewport().nativeElement;
    this.scrollTop.set(element.scrollTop);
    this.viewportHeight.set(element.clientHeight);
  }

  protected retry(clientMsgId: string): void {
    this.room().retry(clientMsgId);
  }
}
