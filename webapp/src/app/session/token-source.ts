// Where ID tokens come from. On AWS: the OIDC provider's hosted sign-in (oidc-token-source.ts).
// Locally: the local cloud's development sign-in (`POST {"name"}` →
// `{"token"}`; sending the earlier `userId` back renews the same user). Injected so tests need
// no network.
import { InjectionToken, inject } from '@angular/core';
import { RUNTIME_CONFIG } from '../core/runtime-config';
import { oidcTokenSource } from './oidc-token-source';

export interface TokenSource {
  /** A fresh ID token for `name` (the same user when `userId` is given). */
  signIn(name: string, userId?: string): Promise<string>;
}

export class SignInError extends Error {
  public override readonly name = 'SignInError';
  public readonly code = 'SIGN_IN_FAILED';
}

export function localSignIn(signInUrl: string, fetchImpl: typeof fetch): TokenSource {
  return {
    signIn: async (name, userId) => {
      const response = await fetchImpl(signInUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(userId === undefined ? { name } : { name, userId }),
      });
      const body = (await response.json().catch(() => ({}))) as { token?: unknown; message?: unknown };
      if (!response.ok || typeof body.token !== 'string') {
        throw new SignInError(
          typeof body.message === 'string' ? body.message : `sign-in answered ${response.status}`,
        );
      }
      return body.token;
    },
  };
}

export const TOKEN_SOURCE = new InjectionToken<TokenSource>('TokenSource', {
  providedIn: 'root',
  factory: () => {
    const { signInUrl, oidc } = inject(RUNTIME_CONFIG);
    if (oidc !== undefined) return oidcTokenSource(oidc, window.location, window.history);
    if (signInUrl === undefined) {
      return { signIn: () => Promise.reject(new SignInError('this deployment has no sign-in configured')) };
    }
    return localSignIn(signInUrl, (input, init) => fetch(input, init));
  },
});
