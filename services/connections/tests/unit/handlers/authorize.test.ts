import '../../support/env';
import { generateSigningKey, signIdToken, signJwt, unsignedJwt } from '@chorus/dev-auth';
import { FetchError } from 'aws-jwt-verify/error';
import { createHandler } from '../../../src/handlers/authorize';
import { authorizerEvent } from '../../support/events';
import { recordingLogger, recordingMetrics } from '../../support/fakes';
import { AUDIENCE, ISSUER, nowSeconds, testIssuer, type TestIssuer } from '../../support/tokens';

function authorizer(issuer: TestIssuer) {
  const logger = recordingLogger();
  const metrics = recordingMetrics();
  const handler = createHandler({
    verifier: issuer.verifier,
    nameClaims: ['name', 'preferred_username'],
    logger,
    metrics,
  });
  return { handler, logger, metrics };
}

describe('$connect authorizer', () => {
  it('allows a valid token with the user id and name as context', async () => {
    const issuer = testIssuer();
    const { handler, metrics } = authorizer(issuer);
    const event = authorizerEvent({ token: issuer.token('user-1', { name: 'Ada' }) });

    await expect(handler(event)).resolves.toEqual({
      principalId: 'user-1',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
      },
      context: { userId: 'user-1', userName: 'Ada' },
    });
    expect(metrics.published.get('Authorized')).toBe(1);
  });

  it('falls back to a name made from the id when no claim holds a valid display name', async () => {
    const issuer = testIssuer();
    const { handler } = authorizer(issuer);
    const token = issuer.token('8f1c2a9e-77aa-4c1e', { name: 'ada@example.com' });

    const result = await handler(authorizerEvent({ token }));

    expect(result.context).toEqual({ userId: '8f1c2a9e-77aa-4c1e', userName: 'user-8f1c2a9e' });
  });

  const other = generateSigningKey('other-key');
  const sameKid = generateSigningKey('test-key');
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-1',
    name: 'Ada',
    iat: nowSeconds(),
    exp: nowSeconds() + 3600,
    ...overrides,
  });
  const cases: Array<[string, (issuer: TestIssuer) => Record<string, string> | undefined]> = [
    ['no query string', () => undefined],
    ['an empty token', () => ({ token: '' })],
    ['a malformed token', () => ({ token: 'not-a-jwt' })],
    ['alg none', () => ({ token: unsignedJwt(claims()) })],
    ['an expired token', (i) => ({ token: i.token('user-1', { issuedAt: nowSeconds() - 7200 }) })],
    ['a token signed by another key with the same kid', () => ({ token: signJwt(sameKid, claims()) })],
    ['a token signed by an unknown key', () => ({ token: signJwt(other, claims()) })],
    ['another issuer', (i) => ({ token: signJwt(i.key, claims({ iss: 'https://elsewhere.test' })) })],
    ['a wrong audience', (i) => ({ token: signJwt(i.key, claims({ aud: 'another-app' })) })],
    ['no sub', (i) => ({ token: signJwt(i.key, claims({ sub: undefined })) })],
    [
      'a token of another issuer signed with its own key',
      () => ({
        token: signIdToken(other, {
          issuer: 'https://elsewhere.test',
          audience: AUDIENCE,
          subject: 'user-1',
          name: 'Ada',
          issuedAt: nowSeconds(),
          lifetimeSeconds: 3600,
        }),
      }),
    ],
  ];

  it.each(cases)('answers Unauthorized (401) for %s and never logs the token', async (_label, query) => {
    const issuer = testIssuer();
    const { handler, logger, metrics } = authorizer(issuer);
    const event = authorizerEvent(query(issuer));

    await expect(handler(event)).rejects.toThrow(/^Unauthorized$/);

    expect(metrics.published.get('Unauthorized')).toBe(1);
    const token = event.queryStringParameters?.['token'];
    const logged = JSON.stringify([
      logger.warn.mock.calls,
      logger.error.mock.calls,
      logger.appendKeys.mock.calls,
    ]);
    if (token) expect(logged).not.toContain(token);
  });

  it('fails with another error (500) when the JWKS cannot be fetched', async () => {
    const issuer = testIssuer(new FetchError('https://issuer.test', 'connection refused'));
    const { handler, logger, metrics } = authorizer(issuer);

    const failure = handler(authorizerEvent({ token: issuer.token('user-1') }));

    await expect(failure).rejects.toBeInstanceOf(FetchError);
    await expect(failure).rejects.not.toThrow(/^Unauthorized$/);
    expect(logger.error).toHaveBeenCalled();
    expect(metrics.published.get('AuthorizerErrors')).toBe(1);
  });

  it('fetches the JWKS once and reuses it for later tokens', async () => {
    const issuer = testIssuer();
    const { handler } = authorizer(issuer);

    await handler(authorizerEvent({ token: issuer.token('user-1') }));
    await handler(authorizerEvent({ token: issuer.token('user-2') }));

    expect(issuer.fetches).toHaveLength(1);
  });
});
