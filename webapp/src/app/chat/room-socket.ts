// The part of ChatSocket a room needs (a fake in unit tests), and the filter that keeps one room's
// frames out of another's.
import { filter, type Observable } from 'rxjs';
import type { ClientFrameInput, ServerFrameOf, ServerFrameType } from '@chorus/protocol';
import type { ConnectionState } from '../connection/connection-state';

export interface RoomSocket {
  readonly state$: Observable<ConnectionState>;
  readonly opened$: Observable<void>;
  isOpen(): boolean;
  send(frame: ClientFrameInput): boolean;
  frameOf<T extends ServerFrameType>(type: T): Observable<ServerFrameOf<T>>;
}

/** Sends one request frame; false when the socket is not open (callers decide whether to retry). */
export type RoomRequest = (frame: ClientFrameInput) => boolean;

type RoomFrameType = 'message' | 'ack' | 'history' | 'presence' | 'removed';

/** Frames of one type that belong to `roomId`. */
export function roomFrames<T extends RoomFrameType>(
  socket: RoomSocket,
  type: T,
  roomId: string,
): Observable<ServerFrameOf<T>> {
  const inRoom = (frame: ServerFrameOf<T>): boolean =>
    (frame as { readonly roomId: string }).roomId === roomId;
  return socket.frameOf(type).pipe(filter(inRoom));
}

/**
 * Error frames that may be about `roomId`: those naming it, and those naming no room (a server
 * from before error frames carried `roomId`), which every room treats as possibly its own since
 * asking again is harmless.
 */
export function roomErrors(socket: RoomSocket, roomId: string): Observable<ServerFrameOf<'error'>> {
  return socket
    .frameOf('error')
    .pipe(filter((frame) => frame.roomId === undefined || frame.roomId === roomId));
}
