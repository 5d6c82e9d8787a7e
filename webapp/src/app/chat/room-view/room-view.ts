// Route `rooms/:roomId`: the timeline, the composer and who is online for one room.
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { Router } from '@angular/router';
import { isValidRoomId } from '../../rooms/joined-rooms';
import { ChatRooms } from '../chat-rooms';
import { Composer } from '../composer/composer';
import { MessageList } from '../message-list/message-list';
import { WhoIsOnline } from '../who-is-online/who-is-online';

@Component({
  selector: 'app-room-view',
  imports: [Composer, MessageList, WhoIsOnline],
  templateUrl: './room-view.html',
  styleUrl: './room-view.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoomView {
  private readonly rooms = inject(ChatRooms);
  private readonly router = inject(Router);

  /** Bound from the route parameter. */
  readonly roomId = input.required<string>();
  /** Opening a room joins it (get-or-create, so re-reading is harmless). */
  protected readonly room = computed(() => {
    const roomId = this.roomId();
    return isValidRoomId(roomId) ? this.rooms.room(roomId) : undefined;
  });

  protected async leave(roomId: string): Promise<void> {
    this.rooms.leave(roomId);
    await this.router.navigate(['/']);
  }
}
