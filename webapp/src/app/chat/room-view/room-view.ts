// Route `rooms/:roomId`: the timeline, the composer and who is online for one room.
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { Router } from '@angular/router';
import { isValidRoomId } from '../../rooms/joined-rooms';
import { RoomAdmin } from '../../rooms/room-admin';
import { ChatRooms } from '../chat-rooms';
import { Composer } from '../composer/composer';
import { MessageList } from '../message-list/message-list';
import { RoomMembers } from '../room-members/room-members';
import type { RoomStore } from '../room-store';
import { WhoIsOnline } from '../who-is-online/who-is-online';

@Component({
  selector: 'app-room-view',
  imports: [Composer, MessageList, RoomMembers, WhoIsOnline],
  templateUrl: './room-view.html',
  styleUrl: './room-view.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoomView {
  private readonly rooms = inject(ChatRooms);
  private readonly router = inject(Router);
  private readonly admin = inject(RoomAdmin);

  /** Bound from the route parameter. */
  readonly roomId = input.required<string>();
  protected readonly validRoomId = computed(() => isValidRoomId(this.roomId()));
  protected readonly room = signal<RoomStore | undefined>(undefined);
  /** This browser created the room as private: its owner's member panel is shown. */
  protected readonly owned = computed(() => this.admin.ownedRooms().includes(this.roomId()));

  constructor() {
    // Opening a room (also by a deep link) joins it. Joining writes state, so it happens in an
    // effect rather than a computed; the store outlives this view.
    effect(() => {
      const roomId = this.roomId();
      this.room.set(this.validRoomId() ? untracked(() => this.rooms.room(roomId)) : undefined);
    });
  }

  protected async leave(roomId: string): Promise<void> {
    this.rooms.leave(roomId);
    await this.router.navigate(['/']);
  }
}
