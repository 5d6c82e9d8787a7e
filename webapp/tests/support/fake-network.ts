import { Subject } from 'rxjs';
import type { NetworkStatus } from '../../src/app/connection/socket-environment';

/** The browser's online/offline events, fired by the test. */
export class FakeNetwork implements NetworkStatus {
  private readonly onlineEvents = new Subject<void>();
  private readonly offlineEvents = new Subject<void>();
  readonly online$ = this.onlineEvents.asObservable();
  readonly offline$ = this.offlineEvents.asObservable();
  private online = true;

  isOnline(): boolean {
    return this.online;
  }

  goOffline(): void {
    this.online = false;
    this.offlineEvents.next();
  }

  goOnline(): void {
    this.online = true;
    this.onlineEvents.next();
  }
}
