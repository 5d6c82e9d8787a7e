import { MissingIdentityError, UnauthorizedError } from '../../src/errors';
import { identityFromClaims, identityOf } from '../../src/identity';
import { frameEvent } from '../support/events';

describe('identityFromClaims', () => {
  it('takes sub as the id and the first claim that is a valid display name', () => {
    expect(identityFromClaims({ sub: 'u1', name: 'no@email', nick: ' Ada ' }, ['name', 'nick'])).toEqual({
      userId: 'u1',
      userName: 'Ada',
    });
  });

  it.each([undefined, '', 'x'.repeat(129), 42])('refuses the sub %p', (sub) => {
    expect(() => identityFromClaims({ sub, name: 'Ada' }, ['name'])).toThrow(UnauthorizedError);
  });
});

describe('identityOf', () => {
  it('reads the authorizer context API Gateway repeats on every event', () => {
    const event = frameEvent({ action: 'ping' });
    Object.assign(event.requestContext, { authorizer: { principalId: 'u1', userId: 'u1', userName: 'Ada' } });
    expect(identityOf(event)).toEqual({ userId: 'u1', userName: 'Ada' });
  });

  it.each([
    ['no authorizer', undefined],
    ['no user id', { userName: 'Ada' }],
    ['an invalid name', { userId: 'u1', userName: '<b>' }],
  ])('throws with %s', (_label, authorizer) => {
    const event = frameEvent({ action: 'ping' });
    if (authorizer !== undefined) Object.assign(event.requestContext, { authorizer });
    expect(() => identityOf(event)).toThrow(MissingIdentityError);
  });
});
