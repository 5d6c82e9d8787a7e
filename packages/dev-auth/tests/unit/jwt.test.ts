import { createPublicKey, createVerify } from 'node:crypto';
import { generateSigningKey, publicJwks, signIdToken, signJwt, unsignedJwt } from '../../src';

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('signJwt', () => {
  const key = generateSigningKey('k1');

  it('signs header.payload with RS256 so the public JWK verifies it', () => {
    const token = signJwt(key, { sub: 'u1' });
    const [head, body, signature] = token.split('.') as [string, string, string];
    expect(decode(head)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
    expect(decode(body)).toEqual({ sub: 'u1' });
    const jwk = publicJwks(key).keys[0]!;
    const publicKey = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
    const valid = createVerify('RSA-SHA256')
      .update(`${head}.${body}`)
      .verify(publicKey, Buffer.from(signature, 'base64url'));
    expect(valid).toBe(true);
  });

  it('builds an ID token with iss, aud, sub, name and an exp after iat', () => {
    const token = signIdToken(key, {
      issuer: 'https://issuer.test',
      audience: 'client',
      subject: 'u1',
      name: 'ada',
      issuedAt: 1000,
      lifetimeSeconds: 60,
    });
    expect(decode(token.split('.')[1]!)).toMatchObject({
      iss: 'https://issuer.test',
      aud: 'client',
      sub: 'u1',
      name: 'ada',
      iat: 1000,
      exp: 1060,
    });
  });

  it('makes alg none tokens with an empty signature', () => {
    const token = unsignedJwt({ sub: 'u1' });
    expect(token.endsWith('.')).toBe(true);
    expect(decode(token.split('.')[0]!)).toEqual({ alg: 'none', typ: 'JWT' });
  });
});
