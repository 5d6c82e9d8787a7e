import type { EnvironmentProviders, Provider } from '@angular/core';
import { provideRouter } from '@angular/router';
import { NETWORK_STATUS, WEB_SOCKET_FACTORY } from '../../src/app/connection/socket-environment';
import { BROWSER_STORAGE, memoryStorage, type KeyValueStorage } from '../../src/app/core/browser-storage';
import { RUNTIME_CONFIG } from '../../src/app/core/runtime-config';
import { TOKEN_SOURCE, type TokenSource } from '../../src/app/session/token-source';
import { FakeNetwork } from './fake-network';
import { fakeWebSocketFactory } from './fake-web-socket';

/** Everything the app injects from the outside, faked: no network, no real localStorage. */
export function fakeAppProviders(
  storage: KeyValueStorage = memoryStorage(),
): (Provider | EnvironmentProviders)[] {
  return [
    provideRouter([]),
    { provide: RUNTIME_CONFIG, useValue: { websocketUrl: 'ws://chorus.test/local' } },
    { provide: WEB_SOCKET_FACTORY, useValue: fakeWebSocketFactory },
    { provide: NETWORK_STATUS, useValue: new FakeNetwork() },
    { provide: BROWSER_STORAGE, useValue: storage },
    { provide: TOKEN_SOURCE, useValue: fakeTokenSource() },
  ];
}

/** An unsigned ID token with the claims the webapp reads (the server would verify the signature). */
export function fakeIdToken(userId: string, expiresAtSeconds = Math.floor(Date.now() / 1000) + 3600): string {
  const encode = (value: unknown): string =>
    btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${encode({ alg: 'RS256' })}.${encode({ sub: userId, exp: expiresAtSeconds })}.sig`;
}

/** Signs `name` in as `user-<name>` (or the id it is renewing); records every call. */
export function fakeTokenSource(): TokenSource & { calls: Array<[string, string | undefined]> } {
  const calls: Array<[string, string | undefined]> = [];
  return {
    calls,
    signIn: (name, userId) => {
      calls.push([name, userId]);
      return Promise.resolve(fakeIdToken(userId ?? `user-${name}`));
    },
  };
}

/** Lets the (fake) sign-in answer and the socket open: the token arrives a few microtasks later. */
export async function signedIn(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}
