// How API Gateway runs a Lambda REQUEST authorizer on $connect (docs/aws-behaviours.md#authorizer),
// as pure decisions: an identity source missing → 401 without invoking the function; the error
// `Unauthorized` → 401; a Deny (or no Allow) → 403; any other failure → 500; Allow → $connect runs
// with principalId plus the context, values turned into strings.
import type { HeaderMap } from './eventBuilders';
import type { InvocationOutcome } from './invocations';

export type AuthorizerDecision =
  | { allow: true; authorizer: Record<string, string> }
  | { allow: false; status: 401 | 403 | 500; body: string; reason: string };

export const UNAUTHORIZED_BODY = '{"message":"Unauthorized"}';
export const FORBIDDEN_BODY = '{"message":"Forbidden"}';
export const AUTHORIZER_FAILED_BODY = '{"message":"Internal server error"}';

const QUERY_SOURCE = 'route.request.querystring.';
const HEADER_SOURCE = 'route.request.header.';

/** The first identity source the request lacks (empty counts as missing), or undefined. */
export function missingIdentitySource(
  sources: readonly string[],
  request: { query: Record<string, string> | undefined; headers: HeaderMap },
): string | undefined {
  const lowerHeaders = new Map(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return sources.find((source) => {
    let value: string | undefined;
    if (source.startsWith(QUERY_SOURCE)) value = request.query?.[source.slice(QUERY_SOURCE.length)];
    else if (source.startsWith(HEADER_SOURCE)) {
      value = lowerHeaders.get(source.slice(HEADER_SOURCE.length).toLowerCase());
    }
    return value === undefined || value === '';
  });
}

function deny(status: 401 | 403 | 500, reason: string): AuthorizerDecision {
  const body = status === 401 ? UNAUTHORIZED_BODY : status === 403 ? FORBIDDEN_BODY : AUTHORIZER_FAILED_BODY;
  return { allow: false, status, body, reason };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Statement {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
}

/** IAM-style match: `*` and `?` wildcards in the policy's resource. */
function resourceMatches(pattern: string, arn: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(arn);
}

function statementApplies(statement: Statement, methodArn: string): boolean {
  const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
  const actionMatches = actions.some(
    (action) => action === '*' || action === 'execute-api:*' || action === 'execute-api:Invoke',
  );
  return actionMatches && resources.some((r) => typeof r === 'string' && resourceMatches(r, methodArn));
}

/** What the handshake does with the authorizer's outcome. */
export function authorizerDecision(outcome: InvocationOutcome, methodArn: string): AuthorizerDecision {
  if (!outcome.ok) {
    // Lambda reports a thrown Error('Unauthorized') as errorMessage "Unauthorized".
    if (outcome.error.message === 'Unauthorized') return deny(401, 'the authorizer answered Unauthorized');
    return deny(500, `the authorizer failed: ${outcome.error.name}`);
  }
  const result = outcome.result;
  if (!isRecord(result) || typeof result['principalId'] !== 'string' || !isRecord(result['policyDocument'])) {
    return deny(500, 'the authorizer returned no principalId and policyDocument');
  }
  const statements = result['policyDocument']['Statement'];
  if (!Array.isArray(statements)) return deny(500, 'the policy has no Statement list');
  const applying = (statements as Statement[]).filter((s) => isRecord(s) && statementApplies(s, methodArn));
  // IAM evaluation: an explicit Deny wins, and without an Allow the answer is Deny.
  if (applying.some((s) => s.Effect === 'Deny')) return deny(403, 'the policy denies $connect');
  if (!applying.some((s) => s.Effect === 'Allow')) return deny(403, 'the policy does not allow $connect');
  const context = result['context'] ?? {};
  if (!isRecord(context)) return deny(500, 'the authorizer context is not an object');
  const authorizer: Record<string, string> = {};
  for (const [key, value] of Object.entries(context)) {
    if (value === null || value === undefined) continue;
    // AWS accepts only strings, numbers and booleans as context values.
    if (typeof value === 'object')
      return deny(500, `the authorizer context value "${key}" is not a primitive`);
    authorizer[key] = String(value);
  }
  authorizer['principalId'] = result['principalId'];
  return { allow: true, authorizer };
}

/** The URL with its query string values replaced: tokens travel there and must never be logged. */
export function redactQuery(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter((pair) => pair.length > 0)
    .map((pair) => `${pair.split('=')[0] ?? ''}=<redacted>`);
  return `${url.slice(0, at)}?${names.join('&')}`;
}
