import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { TEXT_MAX_CHARS } from '@chorus/protocol';

/** The message box. Sending works while disconnected too: the outbox holds the message. */
@Component({
  selector: 'app-composer',
  templateUrl: './composer.html',
  styleUrl: './composer.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Composer {
  readonly roomId = input.required<string>();
  readonly send = output<string>();

  protected readonly maxLength = TEXT_MAX_CHARS;
  protected readonly draft = signal('');
  protected readonly canSend = computed(() => this.draft().trim().length > 0);

  protected submit(event: Event): void {
    event.preventDefault();
    if (!this.canSend()) {
      return;
    }
    this.send.emit(this.draft());
    this.draft.set('');
  }
}
