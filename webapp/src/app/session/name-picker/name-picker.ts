import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { isValidUserName } from '@chorus/protocol';
import { ChatRooms } from '../../chat/chat-rooms';
import { UserSession } from '../user-session';

/** First screen: choose the display name others will see (checked like `$connect` checks it). */
@Component({
  selector: 'app-name-picker',
  templateUrl: './name-picker.html',
  styleUrl: './name-picker.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NamePicker {
  private readonly session = inject(UserSession);
  private readonly rooms = inject(ChatRooms);

  protected readonly draft = signal(this.session.rememberedName() ?? '');
  protected readonly valid = computed(() => isValidUserName(this.draft()));
  protected readonly showError = computed(() => this.draft().length > 0 && !this.valid());

  protected submit(event: Event): void {
    event.preventDefault();
    if (this.session.signIn(this.draft())) {
      this.rooms.restore();
    }
  }
}
