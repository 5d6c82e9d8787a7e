export { SigningKeyError } from './errors';
export { generateSigningKey, signingKeyToJwk, signingKeyFromJwk, publicJwks } from './signingKey';
export type { SigningKey, PublicJwk, Jwks } from './signingKey';
export { signJwt, unsignedJwt, signIdToken } from './jwt';
export type { JwtClaims, IdTokenInput } from './jwt';
