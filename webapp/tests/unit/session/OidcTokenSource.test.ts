import type { User, UserManager, UserManagerSettings } from 'oidc-client-ts';
import { oidcTokenSource } from '../../../src/app/session/oidc-token-source';

const OIDC = { authority: 'https://cognito-idp.eu-west-1.amazonaws.com/pool', clientId: 'client-1' };

function user(idToken: string, expired = false): User {
  return { id_token: idToken, expired } as unknown as User;
}

function fakeManager(overrides: Partial<Record<keyof UserManager, jest.Mock>> = {}) {
  const manager = {
    signinRedirectCallback: jest.fn(async () => user('from-callback')),
    signinSilent: jest.fn(async () => user('renewed')),
    getUser: jest.fn(async () => null),
    signinRedirect: jest.fn(async () => undefined),
    ...overrides,
  };
  const settings: UserManagerSettings[] = [];
  const create = async (s: UserManagerSettings) => {
    settings.push(s);
    return manager as unknown as UserManager;
  };
  return { manager, settings, create };
}

const at = (search = '') => ({
  origin: 'https://chat.example',
  search,
  href: `https://chat.example/${search}`,
});

describe('oidcTokenSource', () => {
  it('uses the authorization code flow (PKCE, no secret) back to the app origin', async () => {
    const { settings, create } = fakeManager({ getUser: jest.fn(async () => user('current')) });
    await oidcTokenSource(OIDC, at(), { replaceState: jest.fn() }, create).signIn('ada');
    expect(settings[0]).toMatchObject({
      authority: OIDC.authority,
      client_id: 'client-1',
      redirect_uri: 'https://chat.example/',
      response_type: 'code',
    });
    expect(settings[0]).not.toHaveProperty('client_secret');
  });

  it('finishes the hosted sign-in on return and clears code and state from the URL', async () => {
    const { manager, create } = fakeManager();
    const history = { replaceState: jest.fn() };
    const token = await oidcTokenSource(OIDC, at('?code=abc&state=xyz'), history, create).signIn('ada');
    expect(token).toBe('from-callback');
    expect(manager.signinRedirectCallback).toHaveBeenCalledWith('https://chat.example/?code=abc&state=xyz');
    expect(history.replaceState).toHaveBeenCalledWith(null, '', 'https://chat.example/');
  });

  it('renews silently (refresh token) when renewing a signed-in user', async () => {
    const { manager, create } = fakeManager();
    await expect(
      oidcTokenSource(OIDC, at(), { replaceState: jest.fn() }, create).signIn('ada', 'sub-1'),
    ).resolves.toBe('renewed');
    expect(manager.signinRedirect).not.toHaveBeenCalled();
  });

  it('sends the browser to the hosted sign-in when there is no valid session', async () => {
    const { manager, create } = fakeManager({ getUser: jest.fn(async () => user('old', true)) });
    void oidcTokenSource(OIDC, at(), { replaceState: jest.fn() }, create).signIn('ada');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(manager.signinRedirect).toHaveBeenCalled();
  });
});
