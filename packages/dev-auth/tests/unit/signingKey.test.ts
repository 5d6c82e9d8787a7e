import {
  generateSigningKey,
  publicJwks,
  signingKeyFromJwk,
  signingKeyToJwk,
  SigningKeyError,
} from '../../src';

describe('signing keys', () => {
  it('round-trips through the stored private JWK', () => {
    const key = generateSigningKey('k1');
    const restored = signingKeyFromJwk(JSON.parse(JSON.stringify(signingKeyToJwk(key))));
    expect(restored.kid).toBe('k1');
    expect(publicJwks(restored)).toEqual(publicJwks(key));
  });

  it('publishes only the public half', () => {
    const [jwk] = publicJwks(generateSigningKey('k2')).keys;
    expect(Object.keys(jwk!).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it.each([
    ['not an object', 'text'],
    ['no kid', { kty: 'RSA', d: 'x' }],
    ['a public key', { kty: 'RSA', kid: 'k', n: 'x', e: 'AQAB' }],
    ['a broken private key', { kty: 'RSA', kid: 'k', d: 'x', n: 'x', e: 'AQAB' }],
  ])('refuses %s', (_label, jwk) => {
    expect(() => signingKeyFromJwk(jwk)).toThrow(SigningKeyError);
  });
});
