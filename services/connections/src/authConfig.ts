// The authorizer's settings, read once per container from the stage parameters serverless.yml
// puts in its environment. A missing value fails the cold start (every handshake then gets 500)
// rather than letting tokens through unchecked.
import { ConfigError } from './errors';

export interface AuthConfig {
  /** Expected `iss` claim (AUTH_ISSUER). */
  issuer: string;
  /** Expected `aud` claim, the app client id (AUTH_AUDIENCE). */
  audience: string;
  /** Where the issuer's public keys are (AUTH_JWKS_URL). */
  jwksUrl: string;
  /** Claims tried in order for the display name (AUTH_NAME_CLAIMS, comma-separated). */
  nameClaims: string[];
}

export const DEFAULT_NAME_CLAIMS = ['name', 'preferred_username', 'cognito:username'];

function required(env: Record<string, string | undefined>, name: string, what: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value.length === 0) {
    throw new ConfigError(`${name} is not set; serverless.yml sets it from the stage parameter for ${what}`);
  }
  return value;
}

export function loadAuthConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const issuer = required(env, 'AUTH_ISSUER', 'the token issuer');
  const audience = required(env, 'AUTH_AUDIENCE', 'the app client id');
  const jwksUrl = required(env, 'AUTH_JWKS_URL', "the issuer's JWKS");
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new ConfigError(`AUTH_JWKS_URL "${jwksUrl}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`AUTH_JWKS_URL "${jwksUrl}" must be an http(s) URL`);
  }
  const claims = (env['AUTH_NAME_CLAIMS'] ?? '')
    .split(',')
    .map((claim) => claim.trim())
    .filter((claim) => claim.length > 0);
  return { issuer, audience, jwksUrl, nameClaims: claims.length > 0 ? claims : DEFAULT_NAME_CLAIMS };
}
