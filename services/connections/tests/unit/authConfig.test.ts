import { DEFAULT_NAME_CLAIMS, loadAuthConfig } from '../../src/authConfig';
import { ConfigError } from '../../src/errors';

const env = {
  AUTH_ISSUER: 'https://issuer.test',
  AUTH_AUDIENCE: 'client',
  AUTH_JWKS_URL: 'https://issuer.test/.well-known/jwks.json',
};

describe('loadAuthConfig', () => {
  it('reads issuer, audience, JWKS URL and the default name claims', () => {
    expect(loadAuthConfig(env)).toEqual({
      issuer: 'https://issuer.test',
      audience: 'client',
      jwksUrl: 'https://issuer.test/.well-known/jwks.json',
      nameClaims: DEFAULT_NAME_CLAIMS,
    });
  });

  it('takes name claims in the order given', () => {
    expect(loadAuthConfig({ ...env, AUTH_NAME_CLAIMS: ' nickname, name ,' }).nameClaims).toEqual([
      'nickname',
      'name',
    ]);
  });

  it.each(['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'])('fails the cold start without %s', (name) => {
    expect(() => loadAuthConfig({ ...env, [name]: ' ' })).toThrow(ConfigError);
  });

  it.each(['not a url', 'file:///etc/passwd'])('refuses the JWKS URL %s', (jwksUrl) => {
    expect(() => loadAuthConfig({ ...env, AUTH_JWKS_URL: jwksUrl })).toThrow(/AUTH_JWKS_URL/);
  });
});
