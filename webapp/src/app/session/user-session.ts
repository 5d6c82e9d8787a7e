// Who this browser chats as: a display name chosen here, and the signed-in identity (user id and
// ID token) the sign-in hands back. The socket connects with the token; the token is renewed a
// minute before it expires and the socket reconnects with the new one from then on.
import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { isValidUserName } from '@chorus/protocol';
import { ChatSocket } from '../connection/chat-socket';
import { BROWSER_STORAGE } from '../core/browser-storage';
import { readIdToken } from './id-token';
import { TOKEN_SOURCE } from './token-source';

const STORAGE_KEY = 'chorus.userName';
/** Renew this long before expiry, so a reconnect never presents an expired token. */
export const RENEW_BEFORE_EXPIRY_MS = 60_000;
const MIN_RENEW_DELAY_MS = 5_000;

@Injectable({ providedIn: 'root' })
export class UserSession {
  private readonly socket = inject(ChatSocket);
  private readonly storage = inject(BROWSER_STORAGE);
  private readonly tokens = inject(TOKEN_SOURCE);
  private readonly userNameSignal = signal<string | undefined>(undefined);
  private readonly userIdSignal = signal<string | undefined>(undefined);
  private readonly errorSignal = signal<string | undefined>(undefined);
  private renewal: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every sign-in and sign-out, so a late answer of an old one is ignored. */
  private generation = 0;

  readonly userName = this.userNameSignal.asReadonly();
  /** The token's `sub`, once signed in. */
  readonly userId = this.userIdSignal.asReadonly();
  /** Why the last sign-in or renewal failed, if it did. */
  readonly signInError = this.errorSignal.asReadonly();

  constructor() {
    inject(DestroyRef).onDestroy(() => this.cancelRenewal());
  }

  /** The name used last time, if it is still valid. */
  rememberedName(): string | undefined {
    const stored = this.storage.getItem(STORAGE_KEY);
    return isValidUserName(stored) ? stored : undefined;
  }

  /** Starts signing in as `userName` (false when the name is invalid); the socket follows. */
  signIn(userName: string): boolean {
    if (!isValidUserName(userName)) {
      return false;
    }
    this.storage.setItem(STORAGE_KEY, userName);
    this.userNameSignal.set(userName);
    this.errorSignal.set(undefined);
    const generation = ++this.generation;
    void this.fetchToken(generation, userName, undefined);
    return true;
  }

  signOut(): void {
    this.generation += 1;
    this.cancelRenewal();
    this.socket.disconnect();
    this.userNameSignal.set(undefined);
    this.userIdSignal.set(undefined);
  }

  private async fetchToken(generation: number, userName: string, userId: string | undefined): Promise<void> {
    try {
      const token = await this.tokens.signIn(userName, userId);
      if (generation !== this.generation) return;
      const claims = readIdToken(token);
      this.userIdSignal.set(claims.userId);
      if (userId === undefined) this.socket.connect(token);
      else this.socket.useToken(token);
      this.scheduleRenewal(generation, userName, claims.userId, claims.expiresAt);
    } catch (error) {
      if (generation !== this.generation) return;
      this.errorSignal.set((error as Error).message);
      // A failed renewal keeps the open socket; try again shortly.
      if (userId !== undefined)
        this.scheduleRenewal(generation, userName, userId, Date.now() + RENEW_BEFORE_EXPIRY_MS);
    }
  }

  private scheduleRenewal(generation: number, userName: string, userId: string, expiresAt: number): void {
    this.cancelRenewal();
    const delay = Math.max(MIN_RENEW_DELAY_MS, expiresAt - Date.now() - RENEW_BEFORE_EXPIRY_MS);
    this.renewal = setTimeout(() => void this.fetchToken(generation, userName, userId), delay);
  }

  private cancelRenewal(): void {
    if (this.renewal !== undefined) clearTimeout(this.renewal);
    this.renewal = undefined;
  }
}
