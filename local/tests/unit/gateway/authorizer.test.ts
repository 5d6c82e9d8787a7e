import { authorizerDecision, missingIdentitySource, redactQuery } from '../../../src/gateway/authorizer';
import type { InvocationOutcome } from '../../../src/gateway/invocations';

const ARN = 'arn:aws:execute-api:us-east-1:000000000000:abcde12345/local/$connect';
const returned = (result: unknown): InvocationOutcome => ({ ok: true, requestId: 'r', result });
const policy = (effect: string, resource: unknown = ARN, action: unknown = 'execute-api:Invoke') => ({
  principalId: 'u1',
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Effect: effect, Action: action, Resource: resource }],
  },
  context: { userId: 'u1', userName: 'Ada', admin: false, level: 3 },
});

describe('missingIdentitySource', () => {
  const sources = ['route.request.querystring.token', 'route.request.header.X-Tenant'];

  it('finds nothing missing when every source has a value (headers case-insensitively)', () => {
    expect(
      missingIdentitySource(sources, { query: { token: 't' }, headers: { 'x-tenant': 'a' } }),
    ).toBeUndefined();
  });

  it.each([
    ['no query string', undefined, { 'X-Tenant': 'a' }],
    ['an empty token', { token: '' }, { 'X-Tenant': 'a' }],
    ['no header', { token: 't' }, {}],
  ])('names the missing source with %s', (_label, query, headers) => {
    expect(missingIdentitySource(sources, { query, headers })).toEqual(
      expect.stringMatching(/^route\.request\./),
    );
  });
});

describe('authorizerDecision', () => {
  it('allows with principalId plus the context, values as strings', () => {
    expect(authorizerDecision(returned(policy('Allow')), ARN)).toEqual({
      allow: true,
      authorizer: { principalId: 'u1', userId: 'u1', userName: 'Ada', admin: 'false', level: '3' },
    });
  });

  it('allows a wildcard resource and action list', () => {
    const result = policy('Allow', ['arn:aws:execute-api:*:*:abcde12345/*'], ['execute-api:*']);
    expect(authorizerDecision(returned(result), ARN)).toMatchObject({ allow: true });
  });

  it.each([
    ['a Deny', policy('Deny')],
    [
      'an Allow for another resource',
      policy('Allow', 'arn:aws:execute-api:us-east-1:000000000000:other/local/$connect'),
    ],
    [
      'an Allow beside a Deny',
      {
        ...policy('Allow'),
        policyDocument: {
          Statement: [
            { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: ARN },
            { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' },
          ],
        },
      },
    ],
  ])('forbids (403) on %s', (_label, result) => {
    expect(authorizerDecision(returned(result), ARN)).toMatchObject({ allow: false, status: 403 });
  });

  it('answers 401 when the function fails with Unauthorized', () => {
    const outcome: InvocationOutcome = {
      ok: false,
      requestId: 'r',
      error: { name: 'UnauthorizedError', message: 'Unauthorized' },
    };
    expect(authorizerDecision(outcome, ARN)).toMatchObject({
      allow: false,
      status: 401,
      body: '{"message":"Unauthorized"}',
    });
  });

  it.each([
    ['another error', { ok: false, requestId: 'r', error: { name: 'Error', message: 'boom' } }],
    ['a result without policy', returned({ principalId: 'u1' })],
    ['a non-object result', returned('Allow')],
    ['an object in the context', returned({ ...policy('Allow'), context: { nested: { a: 1 } } })],
  ])('answers 500 on %s', (_label, outcome) => {
    expect(authorizerDecision(outcome as InvocationOutcome, ARN)).toMatchObject({
      allow: false,
      status: 500,
    });
  });
});

describe('redactQuery', () => {
  it('keeps the names of query parameters and drops their values', () => {
    expect(redactQuery('/local?token=eyJ.abc.def&x=1')).toBe('/local?token=<redacted>&x=<redacted>');
    expect(redactQuery('/local')).toBe('/local');
  });
});
