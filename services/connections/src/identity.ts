// Who is behind a connection. The authorizer derives it from the verified token once, at the
// handshake; API Gateway then hands its context to every route in `requestContext.authorizer`.
// Handlers read identity here and nowhere else: never from the query string or a frame.
import { isValidUserName } from '@chorus/protocol';
import type { TokenClaims } from './tokenVerifier';
import { MissingIdentityError, UnauthorizedError } from './errors';

export interface UserIdentity {
  /** The token's `sub`: stable and unique at the issuer. */
  userId: string;
  /** Shown to others; two users may share one, their ids tell them apart. */
  userName: string;
}

const USER_ID_MAX_LENGTH = 128;

/** The display name when no claim holds a valid one: stable per user, valid by construction. */
function fallbackName(userId: string): string {
  const tail = userId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8);
  return `user-${tail.length > 0 ? tail : 'anonymous'}`;
}

/** The identity in verified claims: `sub`, and the first of `nameClaims` that is a valid name. */
export function identityFromClaims(claims: TokenClaims, nameClaims: readonly string[]): UserIdentity {
  const sub = claims['sub'];
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > USER_ID_MAX_LENGTH) {
    throw new UnauthorizedError('the token has no usable sub claim');
  }
  for (const claim of nameClaims) {
    const value = claims[claim];
    const name = typeof value === 'string' ? value.trim() : undefined;
    if (isValidUserName(name)) return { userId: sub, userName: name };
  }
  return { userId: sub, userName: fallbackName(sub) };
}

/** The authorizer's context as API Gateway repeats it on every event (values are strings). */
export interface AuthorizerContext {
  userId: string;
  userName: string;
}

interface EventWithAuthorizer {
  requestContext: object;
}

/** The identity the authorizer put on this event; throws when there is none. */
export function identityOf(event: EventWithAuthorizer): UserIdentity {
  const authorizer = (event.requestContext as { authorizer?: unknown }).authorizer;
  const { userId, userName } = (authorizer ?? {}) as Partial<Record<string, unknown>>;
  if (typeof userId !== 'string' || userId.length === 0 || !isValidUserName(userName)) {
    throw new MissingIdentityError(
      'No signed-in identity on this request: $connect must run behind the token authorizer',
    );
  }
  return { userId, userName };
}
