// An RS256 key pair as the local issuer keeps it (a private JWK in a file) and as verifiers fetch
// it (the public half in a JWKS). RS256 because it is what Cognito and most OIDC providers sign
// with, so aws-jwt-verify checks local tokens exactly as it checks real ones.
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { SigningKeyError } from './errors';

export interface SigningKey {
  /** `kid` of the JWK and of every token's header. */
  kid: string;
  privateKey: KeyObject;
}

/** A public key in JWKS form (what `/.well-known/jwks.json` serves). */
export interface PublicJwk {
  kty: string;
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

export interface Jwks {
  keys: PublicJwk[];
}

export function generateSigningKey(kid: string = randomUUID()): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey };
}

/** The private JWK (with its kid) to store; `signingKeyFromJwk` reads it back. */
export function signingKeyToJwk(key: SigningKey): Record<string, unknown> {
  return { ...key.privateKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' };
}

export function signingKeyFromJwk(jwk: unknown): SigningKey {
  if (typeof jwk !== 'object' || jwk === null)
    throw new SigningKeyError('the signing key is not a JSON object');
  const { kid, kty, d } = jwk as Record<string, unknown>;
  if (typeof kid !== 'string' || kid.length === 0 || kty !== 'RSA' || typeof d !== 'string') {
    throw new SigningKeyError('the signing key must be a private RSA JWK with a kid');
  }
  try {
    return { kid, privateKey: createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }) };
  } catch (error) {
    throw new SigningKeyError(`the signing key cannot be read: ${(error as Error).message}`);
  }
}

export function publicJwks(...keys: SigningKey[]): Jwks {
  return {
    keys: keys.map((key) => {
      const { kty, n, e } = createPublicKey(key.privateKey).export({ format: 'jwk' });
      return { kty: String(kty), n: String(n), e: String(e), kid: key.kid, alg: 'RS256', use: 'sig' };
    }),
  };
}
