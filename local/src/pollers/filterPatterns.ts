// Lambda event filtering (docs/aws-behaviours.md#filters): a record is delivered when ANY pattern matches.
// A pattern is an object whose keys must all match (AND); a nested object descends into the
// record; an array lists the accepted values or operators (OR). Operators: exact values, null,
// "", anything-but, numeric (with ranges), exists, prefix, plus suffix and equals-ignore-case
// (EventBridge operators, unverified for Lambda).

export type FilterPattern = { [key: string]: FilterPattern | unknown[] };

export class InvalidFilterPatternError extends Error {
  readonly code = 'InvalidFilterPattern';

  constructor(message: string) {
    super(message);
    this.name = 'InvalidFilterPatternError';
  }
}

/** Accepts the patterns as serverless.yml gives them (objects) or as FilterCriteria does (JSON strings). */
export function parseFilterPatterns(patterns: unknown[]): FilterPattern[] {
  return patterns.map((raw) => {
    const pattern: unknown = typeof raw === 'string' ? parseJson(raw) : raw;
    if (!isPlainObject(pattern))
      throw new InvalidFilterPatternError(`A filter pattern must be an object: ${String(raw)}`);
    validate(pattern, '');
    return pattern as FilterPattern;
  });
}

/** No patterns means no filtering. */
export function matchesAnyPattern(patterns: FilterPattern[], record: unknown): boolean {
  return patterns.length === 0 || patterns.some((pattern) => matchesPattern(pattern, record));
}

export function matchesPattern(pattern: FilterPattern, record: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const present = isPlainObject(record) && Object.prototype.hasOwnProperty.call(record, key);
    const actual = present ? (record as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(expected)) return matchesLeaf(expected, present, actual);
    return present && matchesPattern(expected as FilterPattern, actual);
  });
}

/**
 * The view of an SQS record that patterns see: `body` is parsed as JSON when some pattern gives
 * `body` an object (a body that is not a JSON object then matches no such pattern).
 */
export function sqsFilterView(
  record: Record<string, unknown>,
  patterns: FilterPattern[],
): Record<string, unknown> {
  const wantsObject = patterns.some((pattern) => isPlainObject(pattern['body']));
  if (!wantsObject || typeof record['body'] !== 'string') return record;
  let parsed: unknown;
  try {
    parsed = JSON.parse(record['body']);
  } catch {
    parsed = record['body'];
  }
  return { ...record, body: parsed };
}

function matchesLeaf(accepted: unknown[], present: boolean, actual: unknown): boolean {
  // An array value in the record matches when any of its elements matches.
  const values = Array.isArray(actual) ? actual : [actual];
  return accepted.some((rule) => {
    if (isPlainObject(rule)) return matchesOperator(rule, present, values);
    return present && values.some((value) => equalsValue(rule, value));
  });
}

function matchesOperator(rule: Record<string, unknown>, present: boolean, values: unknown[]): boolean {
  const [operator, operand] = Object.entries(rule)[0] as [string, unknown];
  if (operator === 'exists') return operand === true ? present && values[0] !== undefined : !present;
  if (!present) return false;
  return values.some((value) => {
    switch (operator) {
      case 'prefix':
        return typeof value === 'string' && value.startsWith(operand as string);
      case 'suffix':
        return typeof value === 'string' && value.endsWith(operand as string);
      case 'equals-ignore-case':
        return typeof value === 'string' && value.toLowerCase() === (operand as string).toLowerCase();
      case 'anything-but':
        return matchesAnythingBut(operand, value);
      case 'numeric':
        return matchesNumeric(operand as unknown[], value);
      default:
        return false;
    }
  });
}

function matchesAnythingBut(operand: unknown, value: unknown): boolean {
  if (isPlainObject(operand) && typeof operand['prefix'] === 'string') {
    return typeof value === 'string' && !value.startsWith(operand['prefix']);
  }
  const excluded = Array.isArray(operand) ? operand : [operand];
  return !excluded.some((item) => equalsValue(item, value));
}

/** `[">", 0, "<=", 5]`: every comparison must hold. DynamoDB `N` values are numeric strings. */
function matchesNumeric(conditions: unknown[], value: unknown): boolean {
  const number = toNumber(value);
  if (number === undefined) return false;
  for (let i = 0; i < conditions.length; i += 2) {
    const bound = conditions[i + 1] as number;
    switch (conditions[i]) {
      case '=':
        if (!(number === bound)) return false;
        break;
      case '<':
        if (!(number < bound)) return false;
        break;
      case '<=':
        if (!(number <= bound)) return false;
        break;
      case '>':
        if (!(number > bound)) return false;
        break;
      case '>=':
        if (!(number >= bound)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function equalsValue(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'number') {
    const number = toNumber(actual);
    return number !== undefined && number === expected;
  }
  return expected === actual;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

const OPERATORS = new Set(['exists', 'prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric']);
const COMPARATORS = new Set(['=', '<', '<=', '>', '>=']);

function validate(pattern: Record<string, unknown>, at: string): void {
  for (const [key, value] of Object.entries(pattern)) {
    const where = at === '' ? key : `${at}.${key}`;
    if (Array.isArray(value)) {
      if (value.length === 0) throw new InvalidFilterPatternError(`${where}: empty array matches nothing`);
      for (const rule of value) if (isPlainObject(rule)) validateOperator(rule, where);
    } else if (isPlainObject(value)) {
      validate(value, where);
    } else {
      throw new InvalidFilterPatternError(
        `${where}: values must be arrays or objects, got ${JSON.stringify(value)}`,
      );
    }
  }
}

function validateOperator(rule: Record<string, unknown>, where: string): void {
  const entries = Object.entries(rule);
  const [operator, operand] = entries[0] ?? ['', undefined];
  if (entries.length !== 1 || !OPERATORS.has(operator)) {
    throw new InvalidFilterPatternError(`${where}: unknown operator ${JSON.stringify(rule)}`);
  }
  if (operator === 'exists' && typeof operand !== 'boolean') {
    throw new InvalidFilterPatternError(`${where}: exists takes true or false`);
  }
  if (['prefix', 'suffix', 'equals-ignore-case'].includes(operator) && typeof operand !== 'string') {
    throw new InvalidFilterPatternError(`${where}: ${operator} takes a string`);
  }
  if (operator === 'numeric') {
    const ok =
      Array.isArray(operand) &&
      operand.length > 0 &&
      operand.length % 2 === 0 &&
      operand.every((item, i) => (i % 2 === 0 ? COMPARATORS.has(item as string) : typeof item === 'number'));
    if (!ok)
      throw new InvalidFilterPatternError(
        `${where}: numeric takes [op, number, …], got ${JSON.stringify(operand)}`,
      );
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidFilterPatternError(`A filter pattern is not valid JSON: ${text}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
