import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { map, of, switchMap, timer } from 'rxjs';
import type { ConnectionState } from '../connection-state';
import { CHAT_SCHEDULER } from '../socket-environment';

/** One line of text per connection state, so people know whether what they type goes out now. */
export function bannerText(state: ConnectionState, remainingMs?: number): string {
  switch (state.kind) {
    case 'idle':
      return 'Not connected';
    case 'connecting':
      return 'Connecting…';
    case 'open':
      return 'Connected';
    case 'reconnecting':
      return `Reconnecting in ${Math.ceil((remainingMs ?? state.nextDelayMs) / 1000)} s (attempt ${state.attempt})`;
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
  private readonly scheduler = inject(CHAT_SCHEDULER);

  readonly state = input.required<ConnectionState>();
  /** Counts the reconnect delay down once a second while reconnecting. */
  private readonly remainingMs = toSignal(
    toObservable(this.state).pipe(
      switchMap((state) =>
        state.kind === 'reconnecting'
          ? timer(0, 1000, this.scheduler).pipe(map((tick) => Math.max(0, state.nextDelayMs - tick * 1000)))
          : of(undefined),
      ),
    ),
  );
  protected readonly text = computed(() => bannerText(this.state(), this.remainingMs()));
  protected readonly kind = computed(() => this.state().kind);
}
