import { BehaviorSubject, Subject, filter, type Observable } from 'rxjs';
import type { ClientFrameInput, ServerFrame, ServerFrameOf, ServerFrameType } from '@chorus/protocol';
import type { ConnectionState } from '../../src/app/connection/connection-state';
import type { RoomSocket } from '../../src/app/chat/room-socket';

/** The slice of ChatSocket a RoomStore uses, driven by the test. */
export class FakeRoomSocket implements RoomSocket {
  private readonly stateSubject = new BehaviorSubject<ConnectionState>({ kind: 'idle' });
  private readonly openedSubject = new Subject<void>();
  private readonly frames = new Subject<ServerFrame>();
  readonly state$ = this.stateSubject.asObservable();
  readonly opened$ = this.openedSubject.asObservable();
  readonly sent: ClientFrameInput[] = [];

  isOpen(): boolean {
    return this.stateSubject.value.kind === 'open';
  }

  send(frame: ClientFrameInput): boolean {
    if (!this.isOpen()) {
      return false;
    }
    this.sent.push(frame);
    return true;
  }

  frameOf<T extends ServerFrameType>(type: T): Observable<ServerFrameOf<T>> {
    return this.frames.pipe(filter((frame): frame is ServerFrameOf<T> => frame.type === type));
  }

  open(): void {
    this.stateSubject.next({ kind: 'open' });
    this.openedSubject.next();
  }

  drop(): void {
    this.stateSubject.next({ kind: 'reconnecting', attempt: 1, nextDelayMs: 250 });
  }

  serverSends(frame: ServerFrame): void {
    this.frames.next(frame);
  }

  sentOf<A extends ClientFrameInput['action']>(action: A): Extract<ClientFrameInput, { action: A }>[] {
    return this.sent.filter(
      (frame): frame is Extract<ClientFrameInput, { action: A }> => frame.action === action,
    );
  }
}
