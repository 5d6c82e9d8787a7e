// The room-management requests (createRoom, addMember, removeMember) as promises: each resolves
// with the server's answer for that room, or rejects with the error frame that refused it. Every
// client frame gets exactly one reply, so the first matching answer is this request's.
import { firstValueFrom, merge, map, filter, timeout, type Observable } from 'rxjs';
import { USER_ID_PATTERN, type ErrorFrame, type MemberFrame, type RoomFrame } from '@chorus/protocol';
import type { RoomSocket } from '../chat/room-socket';

/** How long a request waits for its answer before it counts as lost. */
export const ROOM_REQUEST_TIMEOUT_MS = 15_000;

/** A refused or unanswered request; `code` is the wire code (or NOT_SENT / NO_ANSWER). */
export class RoomRequestError extends Error {
  public override readonly name = 'RoomRequestError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** User ids typed into a box: separated by commas or whitespace; the ones that cannot be ids apart. */
export function parseUserIds(text: string): { ids: string[]; invalid: string[] } {
  const parts = text.split(/[\s,]+/).filter((part) => part.length > 0);
  const ids = [...new Set(parts.filter((part) => USER_ID_PATTERN.test(part)))];
  return { ids, invalid: parts.filter((part) => !USER_ID_PATTERN.test(part)) };
}

export class RoomRequests {
  constructor(private readonly socket: Pick<RoomSocket, 'send' | 'frameOf'>) {}

  create(roomId: string, isPrivate: boolean, members: readonly string[]): Promise<RoomFrame> {
    const answer = this.answer(this.socket.frameOf('room'), 'createRoom', roomId);
    this.send(() =>
      this.socket.send({ action: 'createRoom', roomId, private: isPrivate, members: [...members] }),
    );
    return answer;
  }

  addMember(roomId: string, userId: string): Promise<MemberFrame> {
    return this.changeMember('addMember', roomId, userId);
  }

  removeMember(roomId: string, userId: string): Promise<MemberFrame> {
    return this.changeMember('removeMember', roomId, userId);
  }

  private changeMember(
    action: 'addMember' | 'removeMember',
    roomId: string,
    userId: string,
  ): Promise<MemberFrame> {
    const answers = this.socket.frameOf('member').pipe(filter((frame) => frame.userId === userId));
    const answer = this.answer(answers, action, roomId);
    this.send(() => this.socket.send({ action, roomId, userId }));
    return answer;
  }

  private send(send: () => boolean): void {
    if (!send()) {
      throw new RoomRequestError('NOT_SENT', 'Not connected; try again once the connection is back.');
    }
  }

  /** Subscribed before the frame is sent, so even an instant answer is seen. */
  private answer<T extends { roomId: string }>(
    answers: Observable<T>,
    action: string,
    roomId: string,
  ): Promise<T> {
    const refused = this.socket
      .frameOf('error')
      .pipe(filter((frame: ErrorFrame) => frame.action === action && frame.roomId === roomId));
    const settled = merge(
      answers.pipe(
        filter((frame) => frame.roomId === roomId),
        map((frame) => ({ ok: true as const, frame })),
      ),
      refused.pipe(map((frame) => ({ ok: false as const, frame }))),
    ).pipe(timeout({ first: ROOM_REQUEST_TIMEOUT_MS }));
    return firstValueFrom(settled).then(
      (outcome) => {
        if (outcome.ok) return outcome.frame;
        throw new RoomRequestError(outcome.frame.code, describeRefusal(outcome.frame));
      },
      (error: unknown) => {
        if (error instanceof RoomRequestError) throw error;
        throw new RoomRequestError('NO_ANSWER', 'The server did not answer; try again.');
      },
    );
  }
}

/** What a person reads for a refused room request. */
export function describeRefusal(frame: ErrorFrame): string {
  switch (frame.code) {
    case 'ROOM_EXISTS':
      return `Room "${frame.roomId ?? ''}" already exists; pick another id (or join it if it is public).`;
    case 'FORBIDDEN':
      return 'Not allowed: only the owner of a private room changes its members.';
    default:
      return frame.message;
  }
}
