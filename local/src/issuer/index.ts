export { LocalIssuer, LOCAL_AUDIENCE, JWKS_PATH, SIGN_IN_PATH } from './localIssuer';
export type { LocalIssuerOptions } from './localIssuer';
export { loadOrCreateSigningKey } from './keyStore';
