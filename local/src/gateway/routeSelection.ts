// Route selection (docs/aws-behaviours.md#routes): evaluate `$request.body.<jsonpath>` against the
// message, stringify the result, pick the route whose key equals it exactly, else `$default`.
// Pure functions; the gateway compiles the expression once at construction.

type PathSegment = string | number;

/** Evaluates a compiled expression against a message body: the selection value, or undefined when
 * the body is not JSON (then only `$default` can match). A missing path gives ''. */
export type RouteSelector = (body: string) => string | undefined;

export class RouteSelectionExpressionError extends Error {
  readonly code = 'INVALID_ROUTE_SELECTION_EXPRESSION';
  constructor(expression: string, why: string) {
    super(`Unsupported route selection expression ${JSON.stringify(expression)}: ${why}`);
    this.name = 'RouteSelectionExpressionError';
  }
}

const BODY_PREFIX = '$request.body';

/** `.a.b[0]['c']` (what follows `$request.body`) → ['a', 'b', 0, 'c']. */
function parsePath(expression: string, path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const token = /\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;
  let index = 0;
  while (index < path.length) {
    token.lastIndex = index;
    const match = token.exec(path);
    if (!match) throw new RouteSelectionExpressionError(expression, `cannot parse "${path.slice(index)}"`);
    const [, dotted, arrayIndex, singleQuoted, doubleQuoted] = match;
    if (arrayIndex !== undefined) segments.push(Number(arrayIndex));
    else segments.push((dotted ?? singleQuoted ?? doubleQuoted)!);
    index = token.lastIndex;
  }
  return segments;
}

function lookup(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** How API Gateway turns the selected JSON value into a route key: arrays become `[a, b]`. */
export function stringifySelectionValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map(stringifySelectionValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function parseBody(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Compiles `$request.body.<jsonpath>`, or a template such as
 * `${request.body.service}/${request.body.action}`, into a selector.
 */
export function compileRouteSelectionExpression(expression: string): RouteSelector {
  if (expression.startsWith(BODY_PREFIX)) {
    const path = parsePath(expression, expression.slice(BODY_PREFIX.length));
    return (body) => {
      const parsed = parseBody(body);
      return parsed.ok ? stringifySelectionValue(lookup(parsed.value, path)) : undefined;
    };
  }
  const parts = expression.split(/(\$\{request\.body[^}]*\})/);
  if (parts.length === 1) {
    throw new RouteSelectionExpressionError(expression, 'only $request.body.<path> is supported');
  }
  const compiled = parts.map((part) =>
    part.startsWith('${') ? parsePath(expression, part.slice('${request.body'.length, -1)) : part,
  );
  return (body) => {
    const parsed = parseBody(body);
    if (!parsed.ok) return undefined;
    return compiled
      .map((part) => (typeof part === 'string' ? part : stringifySelectionValue(lookup(parsed.value, part))))
      .join('');
  };
}

/**
 * The route key a message goes to: the exact match of the selection value, else `$default` when
 * that route exists, else undefined (the caller answers with the Forbidden frame).
 */
export function selectRouteKey(
  selector: RouteSelector,
  body: string,
  routeKeys: ReadonlySet<string>,
): string | undefined {
  const value = selector(body);
  if (value !== undefined && value !== '$connect' && value !== '$disconnect' && routeKeys.has(value)) {
    return value;
  }
  return routeKeys.has('$default') ? '$default' : undefined;
}
