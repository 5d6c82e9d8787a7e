// One RoomStore per joined room, created on demand and kept while the room stays joined, so an
// outbox or a catch-up keeps running while the user looks at another room.
import { DestroyRef, Injectable, inject } from '@angular/core';
import { ChatSocket } from '../connection/chat-socket';
import { CHAT_SCHEDULER } from '../connection/socket-environment';
import { JoinedRooms } from '../rooms/joined-rooms';
import { UserSession } from '../session/user-session';
import { CHAT_ROOM_OPTIONS } from './chat-options';
import { CLIENT_MSG_ID_FACTORY } from './client-msg-id';
import { RoomStore } from './room-store';

@Injectable({ providedIn: 'root' })
export class ChatRooms {
  private readonly socket = inject(ChatSocket);
  private readonly scheduler = inject(CHAT_SCHEDULER);
  private readonly options = inject(CHAT_ROOM_OPTIONS);
  private readonly newClientMsgId = inject(CLIENT_MSG_ID_FACTORY);
  private readonly session = inject(UserSession);
  private readonly joinedRooms = inject(JoinedRooms);
  private readonly stores = new Map<string, RoomStore>();

  readonly roomIds = this.joinedRooms.roomIds;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stores.forEach((store) => store.dispose()));
  }

  /** The store of a room, joining it (and remembering it) if this client has not yet. */
  room(roomId: string): RoomStore {
    let store = this.stores.get(roomId);
    if (store === undefined) {
      store = new RoomStore(roomId, {
        socket: this.socket,
        scheduler: this.scheduler,
        options: this.options,
        newClientMsgId: this.newClientMsgId,
        userName: () => this.session.userName() ?? '',
        userId: () => this.session.userId() ?? '',
      });
      this.stores.set(roomId, store);
      this.joinedRooms.add(roomId);
      store.start();
    }
    return store;
  }

  /** Re-creates the stores of the rooms remembered from earlier visits. */
  restore(): void {
    for (const roomId of this.joinedRooms.roomIds()) {
      this.room(roomId);
    }
  }

  leave(roomId: string): void {
    this.stores.get(roomId)?.leave();
    this.stores.delete(roomId);
    this.joinedRooms.remove(roomId);
  }
}
