// The rooms this browser has joined, and a box to join or create one by id (a public room exists
// as soon as someone joins it; there is no server-side directory to browse). Ticking "private"
// creates the room instead, open only to this user and the user ids listed.
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Router, RouterLink, RouterLinkActive } from '@angular/router';
import { ChatRooms } from '../../chat/chat-rooms';
import { isValidRoomId } from '../joined-rooms';
import { RoomAdmin } from '../room-admin';
import { RoomRequestError, parseUserIds } from '../room-requests';

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
  private readonly admin = inject(RoomAdmin);

  protected readonly roomIds = this.rooms.roomIds;
  protected readonly draft = signal('');
  protected readonly isPrivate = signal(false);
  protected readonly membersDraft = signal('');
  protected readonly creating = signal(false);
  protected readonly createError = signal<string | undefined>(undefined);
  protected readonly members = computed(() => parseUserIds(this.membersDraft()));
  protected readonly draftValid = computed(
    () => isValidRoomId(this.draft().trim()) && (!this.isPrivate() || this.members().invalid.length === 0),
  );
  protected readonly showError = computed(
    () => this.draft().trim().length > 0 && !isValidRoomId(this.draft().trim()),
  );

  protected async join(event: Event): Promise<void> {
    event.preventDefault();
    const roomId = this.draft().trim();
    if (!this.draftValid() || this.creating()) {
      return;
    }
    this.createError.set(undefined);
    if (this.isPrivate()) {
      this.creating.set(true);
      try {
        await this.admin.create(roomId, true, this.members().ids);
      } catch (error) {
        this.createError.set(error instanceof RoomRequestError ? error.message : String(error));
        return;
      } finally {
        this.creating.set(false);
      }
      this.membersDraft.set('');
      this.isPrivate.set(false);
    }
    this.rooms.room(roomId);
    this.draft.set('');
    await this.router.navigate(['/rooms', roomId]);
  }
}
