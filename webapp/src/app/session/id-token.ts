// What the webapp reads from its ID token: the user id (`sub`), the name and the expiry. The
// signature is not checked here (the $connect authorizer does that); this only schedules renewal
// and tells "mine" apart.
export interface IdTokenClaims {
  readonly userId: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

export class IdTokenError extends Error {
  public override readonly name = 'IdTokenError';
  public readonly code = 'ID_TOKEN_INVALID';
}

export function readIdToken(token: string): IdTokenClaims {
  const payload = token.split('.')[1];
  if (payload === undefined) throw new IdTokenError('the sign-in answered something that is not a JWT');
  let claims: Record<string, unknown>;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='))) as Record<
      string,
      unknown
    >;
  } catch {
    throw new IdTokenError('the token payload is not JSON');
  }
  const { sub, exp } = claims;
  if (typeof sub !== 'string' || sub === '' || typeof exp !== 'number') {
    throw new IdTokenError('the token has no sub or exp');
  }
  return { userId: sub, expiresAt: exp * 1000 };
}
