// Who this browser chats as. The display name goes into the WebSocket URL (`?name=`), where
// `$connect` checks it with the same isValidUserName used here.
import { Injectable, inject, signal } from '@angular/core';
import { isValidUserName } from '@chorus/protocol';
import { ChatSocket } from '../connection/chat-socket';
import { BROWSER_STORAGE } from '../core/browser-storage';

const STORAGE_KEY = 'chorus.userName';

@Injectable({ providedIn: 'root' })
export class UserSession {
  private readonly socket = inject(ChatSocket);
  private readonly storage = inject(BROWSER_STORAGE);
  private readonly userNameSignal = signal<string | undefined>(undefined);
  readonly userName = this.userNameSignal.asReadonly();

  /** The name used last time, if it is still valid. */
  rememberedName(): string | undefined {
    const stored = this.storage.getItem(STORAGE_KEY);
    return isValidUserName(stored) ? stored : undefined;
  }

  signIn(userName: string): boolean {
    if (!isValidUserName(userName)) {
      return false;
    }
    this.storage.setItem(STORAGE_KEY, userName);
    this.userNameSignal.set(userName);
    this.socket.connect(userName);
    return true;
  }

  signOut(): void {
    this.socket.disconnect();
    this.userNameSignal.set(undefined);
  }
}
