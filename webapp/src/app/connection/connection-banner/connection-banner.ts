import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { ConnectionState } from '../connection-state';

/** One line of text per connection state, so people know whether what they type goes out now. */
export function bannerText(state: ConnectionState): string {
  switch (state.kind) {
    case 'idle':
      return 'Not connected';
    case 'connecting':
      return 'Connecting…';
    case 'open':
      return 'Connected';
    case 'reconnecting':
      return `Reconnecting in ${Math.ceil(state.nextDelayMs / 1000)} s (attempt ${state.attempt})`;
    case 'offline':
      return 'Offline';
  }
}

@Component({
  selector: 'app-connection-banner',
  templateUrl: './connection-banner.html',
  styleUrl: './connection-banner.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ConnectionBanner {
  readonly state = input.required<ConnectionState>();
  protected readonly text = computed(() => bannerText(this.state()));
  protected readonly kind = computed(() => this.state().kind);
}
