// The owner's panel of a private room: add or remove a member by user id. Only shown for rooms
// this browser created; the server refuses anyone else's changes anyway (FORBIDDEN).
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { USER_ID_PATTERN } from '@chorus/protocol';
import { RoomAdmin } from '../../rooms/room-admin';
import { RoomRequestError } from '../../rooms/room-requests';

@Component({
  selector: 'app-room-members',
  templateUrl: './room-members.html',
  styleUrl: './room-members.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RoomMembers {
  private readonly admin = inject(RoomAdmin);

  readonly roomId = input.required<string>();
  protected readonly draft = signal('');
  protected readonly busy = signal(false);
  protected readonly status = signal<{ ok: boolean; text: string } | undefined>(undefined);
  protected readonly valid = computed(() => USER_ID_PATTERN.test(this.draft().trim()));

  protected async change(kind: 'add' | 'remove'): Promise<void> {
    const userId = this.draft().trim();
    if (!this.valid() || this.busy()) return;
    this.busy.set(true);
    this.status.set(undefined);
    try {
      if (kind === 'add') {
        await this.admin.addMember(this.roomId(), userId);
        this.status.set({ ok: true, text: `Added ${userId}: they may join now.` });
      } else {
        await this.admin.removeMember(this.roomId(), userId);
        this.status.set({ ok: true, text: `Removed ${userId}: they are out of the room.` });
      }
      this.draft.set('');
    } catch (error) {
      this.status.set({ ok: false, text: error instanceof RoomRequestError ? error.message : String(error) });
    } finally {
      this.busy.set(false);
    }
  }
}
