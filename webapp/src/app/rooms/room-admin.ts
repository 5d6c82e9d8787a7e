// Creating rooms and changing the members of the private rooms this user owns. The server has no
// "my rooms" query, so the rooms this browser created (and owns) are remembered here; the server
// still checks ownership on every change.
import { Injectable, inject, signal } from '@angular/core';
import type { MemberFrame, RoomFrame } from '@chorus/protocol';
import { ChatSocket } from '../connection/chat-socket';
import { BROWSER_STORAGE } from '../core/browser-storage';
import { UserSession } from '../session/user-session';
import { readStoredRoomIds } from './joined-rooms';
import { RoomRequests } from './room-requests';

const STORAGE_KEY = 'chorus.ownedRooms';

@Injectable({ providedIn: 'root' })
export class RoomAdmin {
  private readonly storage = inject(BROWSER_STORAGE);
  private readonly session = inject(UserSession);
  private readonly requests = new RoomRequests(inject(ChatSocket));
  private readonly ownedSignal = signal<readonly string[]>(readStoredRoomIds(this.storage, STORAGE_KEY));
  /** Private rooms this browser created: their owner may add and remove members. */
  readonly ownedRooms = this.ownedSignal.asReadonly();

  async create(roomId: string, isPrivate: boolean, members: readonly string[]): Promise<RoomFrame> {
    const room = await this.requests.create(roomId, isPrivate, members);
    if (room.private && room.ownerId === this.session.userId()) {
      this.save([...this.ownedSignal().filter((id) => id !== roomId), roomId]);
    }
    return room;
  }

  isOwned(roomId: string): boolean {
    return this.ownedSignal().includes(roomId);
  }

  addMember(roomId: string, userId: string): Promise<MemberFrame> {
    return this.requests.addMember(roomId, userId);
  }

  removeMember(roomId: string, userId: string): Promise<MemberFrame> {
    return this.requests.removeMember(roomId, userId);
  }

  private save(roomIds: readonly string[]): void {
    this.ownedSignal.set(roomIds);
    try {
      this.storage.setItem(STORAGE_KEY, JSON.stringify(roomIds));
    } catch {
      // Storage refused (quota, private mode): the list still holds for this visit.
    }
  }
}
