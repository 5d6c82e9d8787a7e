// Sign-in on AWS: the OIDC provider's hosted sign-in (Cognito by default), authorization code +
// PKCE with oidc-client-ts, no client secret. The library is loaded only when this runs, so the
// local build's first paint does not carry it. The ID token is what the $connect authorizer
// verifies (its `aud` is the client id); renewals use the refresh token, without a page change.
import type { User, UserManager, UserManagerSettings } from 'oidc-client-ts';
import type { TokenSource } from './token-source';

export interface OidcSettings {
  /** The issuer (`authIssuer`), whose `/.well-known/openid-configuration` names the endpoints. */
  readonly authority: string;
  /** The app client id (`authAudience`). */
  readonly clientId: string;
}

export type UserManagerFactory = (settings: UserManagerSettings) => Promise<UserManager>;

const loadUserManager: UserManagerFactory = async (settings) => {
  const { UserManager: Manager } = await import('oidc-client-ts');
  return new Manager(settings);
};

function idTokenOf(user: User | null): string | undefined {
  return user !== null && !user.expired && user.id_token !== undefined ? user.id_token : undefined;
}

export function oidcTokenSource(
  oidc: OidcSettings,
  location: Pick<Location, 'origin' | 'search' | 'href'>,
  history: Pick<History, 'replaceState'>,
  createManager: UserManagerFactory = loadUserManager,
): TokenSource {
  let manager: Promise<UserManager> | undefined;
  const userManager = (): Promise<UserManager> =>
    (manager ??= createManager({
      authority: oidc.authority,
      client_id: oidc.clientId,
      redirect_uri: `${location.origin}/`,
      response_type: 'code',
      scope: 'openid profile email',
      automaticSilentRenew: false,
    }));
  return {
    signIn: async (_name, userId) => {
      const users = await userManager();
      const params = new URLSearchParams(location.search);
      if (params.has('code') && params.has('state')) {
        // Back from the hosted sign-in: finish the code exchange, then drop code/state from the URL.
        const user = await users.signinRedirectCallback(location.href);
        history.replaceState(null, '', `${location.origin}/`);
        const token = idTokenOf(user);
        if (token !== undefined) return token;
      }
      if (userId !== undefined) {
        const renewed = idTokenOf(await users.signinSilent());
        if (renewed !== undefined) return renewed;
      }
      const current = idTokenOf(await users.getUser());
      if (current !== undefined) return current;
      await users.signinRedirect();
      // The page is navigating to the provider; nothing more happens here.
      return new Promise<string>(() => undefined);
    },
  };
}
