// A test issuer: a generated key pair whose JWKS a fake fetcher serves, so the real
// aws-jwt-verify checks run without any network.
import { generateSigningKey, publicJwks, signIdToken, type SigningKey } from '@chorus/dev-auth';
import type { Fetcher } from 'aws-jwt-verify/https';
import { createTokenVerifier, type TokenVerifier } from '../../src/tokenVerifier';

export const ISSUER = 'https://issuer.test/pool';
export const AUDIENCE = 'chorus-webapp';
export const JWKS_URL = `${ISSUER}/.well-known/jwks.json`;

export interface TestIssuer {
  key: SigningKey;
  verifier: TokenVerifier;
  /** JWKS requests the verifier made. */
  fetches: string[];
  /** A valid ID token for `subject`, issued now and valid for an hour unless told otherwise. */
  token(subject: string, claims?: { name?: string; issuedAt?: number; lifetimeSeconds?: number }): string;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function testIssuer(fetchFails?: Error): TestIssuer {
  const key = generateSigningKey('test-key');
  const fetches: string[] = [];
  const fetcher: Fetcher = {
    fetch: async (uri) => {
      fetches.push(uri);
      if (fetchFails !== undefined) throw fetchFails;
      const bytes = Buffer.from(JSON.stringify(publicJwks(key)));
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    },
  };
  return {
    key,
    fetches,
    verifier: createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl: JWKS_URL }, fetcher),
    token: (subject, claims = {}) =>
      signIdToken(key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        subject,
        name: claims.name ?? 'Ada',
        issuedAt: claims.issuedAt ?? nowSeconds(),
        lifetimeSeconds: claims.lifetimeSeconds ?? 3600,
      }),
  };
}
