// The rooms this browser has joined, and a box to join or create one by id (rooms exist as soon
// as someone joins them; there is no server-side directory to browse).
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { ChatRooms } from '../../chat/chat-rooms';
import { isValidRoomId } from '../joined-rooms';

@Component({
  selector: 'app-room-list',
  imports: [RouterLink, RouterLinkActive],
  templateUrl: './room-list.html',
  styleUrl: './room-list.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoomList {
  private readonly rooms = inject(ChatRooms);
  private readonly router = inject(Router);

  protected readonly roomIds = this.rooms.roomIds;
  protected readonly draft = signal('');
  protected readonly draftValid = computed(() => isValidRoomId(this.draft().trim()));
  protected readonly showError = computed(() => this.draft().trim().length > 0 && !this.draftValid());

  protected async join(event: Event): Promise<void> {
    event.preventDefault();
    const roomId = this.draft().trim();
    if (!isValidRoomId(roomId)) {
      return;
    }
    this.rooms.room(roomId);
    this.draft.set('');
    await this.router.navigate(['/rooms', roomId]);
  }
}
