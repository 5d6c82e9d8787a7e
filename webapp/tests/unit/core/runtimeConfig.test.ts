import {
  loadRuntimeConfig,
  parseRuntimeConfig,
  RuntimeConfigError,
} from '../../../src/app/core/runtime-config';

describe('runtime config', () => {
  it('accepts a ws:// or wss:// websocketUrl', () => {
    expect(
      parseRuntimeConfig({ websocketUrl: 'wss://abc.execute-api.eu-west-1.amazonaws.com/prod' }),
    ).toEqual({
      websocketUrl: 'wss://abc.execute-api.eu-west-1.amazonaws.com/prod',
    });
  });

  it('reads the local sign-in URL and the OIDC provider when present', () => {
    const websocketUrl = 'ws://127.0.0.1:3001/local';
    expect(parseRuntimeConfig({ websocketUrl, signInUrl: 'http://127.0.0.1:3002/sign-in' })).toEqual({
      websocketUrl,
      signInUrl: 'http://127.0.0.1:3002/sign-in',
    });
    const oidc = { authority: 'https://cognito-idp.eu-west-1.amazonaws.com/pool', clientId: 'abc' };
    expect(parseRuntimeConfig({ websocketUrl, oidc })).toEqual({ websocketUrl, oidc });
  });

  it.each([
    null,
    'ws://x',
    {},
    { websocketUrl: 'http://127.0.0.1:3001/local' },
    { websocketUrl: 42 },
    { websocketUrl: 'ws://x', signInUrl: 'ftp://x' },
    { websocketUrl: 'ws://x', oidc: { authority: 'http://plain', clientId: 'a' } },
    { websocketUrl: 'ws://x', oidc: { authority: 'https://ok' } },
  ])('refuses %p', (value) => {
    expect(() => parseRuntimeConfig(value)).toThrow(RuntimeConfigError);
  });

  it('loads /config.json without the HTTP cache and reports a missing file', async () => {
    const fetchConfig = jest.fn(async () => ({
      ok: true,
      status: 200,
      json: async () => ({ websocketUrl: 'ws://127.0.0.1:3001/local' }),
    }));
    await expect(loadRuntimeConfig(fetchConfig as unknown as typeof fetch)).resolves.toEqual({
      websocketUrl: 'ws://127.0.0.1:3001/local',
    });
    expect(fetchConfig).toHaveBeenCalledWith('/config.json', { cache: 'no-store' });

    const missing = jest.fn(async () => ({ ok: false, status: 404 }));
    await expect(loadRuntimeConfig(missing as unknown as typeof fetch)).rejects.toThrow('answered 404');
  });
});
