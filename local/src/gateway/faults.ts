// Fault injection for the @connections API: make PostToConnection (or Get/DeleteConnection) answer
// an error status with some probability, optionally only `count` times, so tests can prove the
// delivery pipeline loses nothing under throttling, 5xx and stale connections.

export const FAULT_OPERATIONS = ['postToConnection', 'getConnection', 'deleteConnection'] as const;
export type FaultOperation = (typeof FAULT_OPERATIONS)[number];

export interface FaultRule {
  /** HTTP status to answer with, 400–599 (e.g. 410, 429, 500). */
  status: number;
  /** Chance per request, 0..1 (default 1). */
  probability: number;
  /** How many more times the fault may fire; absent = until cleared. */
  count?: number;
}

export type FaultSettings = Partial<Record<FaultOperation, FaultRule>>;

export class FaultSettingsError extends Error {
  readonly code = 'INVALID_FAULT_SETTINGS';
  constructor(message: string) {
    super(message);
    this.name = 'FaultSettingsError';
  }
}

function parseRule(operation: string, raw: unknown): FaultRule {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FaultSettingsError(`${operation} must be an object`);
  }
  const { status, probability = 1, count } = raw as Record<string, unknown>;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    throw new FaultSettingsError(`${operation}.status must be an integer HTTP error status (400-599)`);
  }
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
    throw new FaultSettingsError(`${operation}.probability must be a number from 0 to 1`);
  }
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1)) {
    throw new FaultSettingsError(`${operation}.count must be a positive integer`);
  }
  return count === undefined ? { status, probability } : { status, probability, count };
}

/** Validates a JSON body such as `{ "postToConnection": { "status": 429, "probability": 0.5 } }`. */
export function parseFaultSettings(raw: unknown): FaultSettings {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FaultSettingsError('fault settings must be a JSON object');
  }
  const settings: FaultSettings = {};
  for (const [operation, rule] of Object.entries(raw)) {
    if (!(FAULT_OPERATIONS as readonly string[]).includes(operation)) {
      throw new FaultSettingsError(
        `unknown operation ${operation}; expected one of ${FAULT_OPERATIONS.join(', ')}`,
      );
    }
    settings[operation as FaultOperation] = parseRule(operation, rule);
  }
  return settings;
}

export class FaultInjector {
  private rules: FaultSettings = {};

  constructor(private readonly random: () => number = Math.random) {}

  /** Sets (replaces) the rules of the operations named in `settings`; others stay as they are. */
  set(settings: FaultSettings): void {
    this.rules = { ...this.rules, ...settings };
  }

  clear(): void {
    this.rules = {};
  }

  snapshot(): FaultSettings {
    return structuredClone(this.rules);
  }

  /** The status to fail this request with, or undefined to let it through. */
  draw(operation: FaultOperation): number | undefined {
    const rule = this.rules[operation];
    if (!rule || this.random() >= rule.probability) return undefined;
    if (rule.count !== undefined) {
      rule.count -= 1;
      if (rule.count <= 0) delete this.rules[operation];
    }
    return rule.status;
  }
}
