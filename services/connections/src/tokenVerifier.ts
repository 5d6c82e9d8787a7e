// Verifies a token's signature against the issuer's JWKS and its iss, aud, exp and nbf claims with
// aws-jwt-verify (RS256 and the other asymmetric algorithms only: `alg: none` is refused).
import { JwtVerifier } from 'aws-jwt-verify';
import {
  FetchError,
  JwkInvalidKtyError,
  JwkInvalidUseError,
  JwksNotAvailableInCacheError,
  JwksValidationError,
  JwkValidationError,
  JwtBaseError,
  ParameterValidationError,
} from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { AuthConfig } from './authConfig';
import { createJwksFetcher } from './jwksFetcher';

export type TokenClaims = Record<string, unknown>;

export interface TokenVerifier {
  /** The token's claims; throws when it is not valid for this issuer and audience. */
  verify(token: string): Promise<TokenClaims>;
}

export function createTokenVerifier(
  config: Pick<AuthConfig, 'issuer' | 'audience' | 'jwksUrl'>,
  fetcher: Fetcher = createJwksFetcher(),
): TokenVerifier {
  const verifier = JwtVerifier.create(
    { issuer: config.issuer, audience: config.audience, jwksUri: config.jwksUrl },
    { jwksCache: new SimpleJwksCache({ fetcher }) },
  );
  return { verify: async (token) => (await verifier.verify(token)) as TokenClaims };
}

/** Failures that say nothing about the token: the JWKS could not be had or is broken (our side). */
const INFRASTRUCTURE_ERRORS = [
  FetchError,
  JwksValidationError,
  JwkValidationError,
  JwkInvalidUseError,
  JwkInvalidKtyError,
  JwksNotAvailableInCacheError,
  ParameterValidationError,
];

/** True when verification failed because of the token (bad, expired, foreign): answer 401. */
export function isTokenRejection(error: unknown): boolean {
  if (!(error instanceof JwtBaseError)) return false;
  return !INFRASTRUCTURE_ERRORS.some((type) => error instanceof type);
}
