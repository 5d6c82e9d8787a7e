// Who is online in a room. Presence is only answered, never pushed, so while joined it is asked
// for on a timer, and again when someone not on the list writes.
import { signal } from '@angular/core';
import { Subscription, timer, type SchedulerLike } from 'rxjs';
import type { PresenceFrame } from '@chorus/protocol';
import type { RoomRequest } from './room-socket';

export interface RoomPresenceDeps {
  readonly roomId: string;
  readonly request: RoomRequest;
  readonly scheduler: SchedulerLike;
  readonly refreshMs: number;
}

export class RoomPresence {
  private readonly usersSignal = signal<readonly string[]>([]);
  private readonly truncatedSignal = signal(false);
  private polling = new Subscription();

  readonly users = this.usersSignal.asReadonly();
  /** True when the room has more people online than `users` lists (the server caps presence). */
  readonly truncated = this.truncatedSignal.asReadonly();

  constructor(private readonly deps: RoomPresenceDeps) {}

  update(frame: PresenceFrame): void {
    this.usersSignal.set(frame.users);
    this.truncatedSignal.set(frame.truncated === true);
  }

  /** A message arrived from `sender`: ask again if the (complete) list does not name them. */
  noteSender(sender: string): void {
    // A capped list need not name every sender: asking again would only repeat the same page,
    // once per message, from every client of a huge room.
    if (!this.truncated() && !this.users().includes(sender)) {
      this.ask();
    }
  }

  startPolling(): void {
    this.stopPolling();
    const { refreshMs, scheduler } = this.deps;
    this.polling = timer(refreshMs, refreshMs, scheduler).subscribe(() => this.ask());
  }

  stopPolling(): void {
    this.polling.unsubscribe();
  }

  private ask(): void {
    this.deps.request({ action: 'whoIsOnline', roomId: this.deps.roomId });
  }
}
