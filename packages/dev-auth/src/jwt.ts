// Compact JWS signing (RS256) with node:crypto: enough for a development issuer and for tests
// that need well-formed, expired, foreign or deliberately broken tokens.
import { createSign } from 'node:crypto';
import type { SigningKey } from './signingKey';

export type JwtClaims = Record<string, unknown>;

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** Signs `claims` as given (callers set iss, aud, sub, iat, exp). */
export function signJwt(key: SigningKey, claims: JwtClaims, header: Record<string, unknown> = {}): string {
  const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }));
  const body = base64url(JSON.stringify(claims));
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(key.privateKey);
  return `${head}.${body}.${base64url(signature)}`;
}

/** An unsigned token (`alg: none`), which every verifier must refuse. */
export function unsignedJwt(claims: JwtClaims): string {
  return `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}.`;
}

export interface IdTokenInput {
  issuer: string;
  audience: string;
  subject: string;
  name: string;
  /** Epoch seconds. */
  issuedAt: number;
  lifetimeSeconds: number;
}

/** An ID token as an OIDC provider issues it: the name in the standard `name` claim. */
export function signIdToken(key: SigningKey, input: IdTokenInput): string {
  return signJwt(key, {
    iss: input.issuer,
    aud: input.audience,
    sub: input.subject,
    name: input.name,
    token_use: 'id',
    iat: input.issuedAt,
    exp: input.issuedAt + input.lifetimeSeconds,
  });
}
