// Fault injection for the @connections API: make PostToConnection (or Get/DeleteConnection) answer
// an error status with some probability, optionally only `count` times, so tests can prove the
// delivery pipeline loses nothing under throttling, 5xx and stale connections. An operation may
// carry several rules at once (410 at 5 % AND 429 at 10 %): one random draw per request picks at
// most one of them, each rule owning its own slice of [0, 1), so the rates add up as configured.

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

/** A rule in force, with how often it fired since it was set. */
export interface ActiveFaultRule extends FaultRule {
  fired: number;
}

/** What `POST /_chorus/faults` takes: one rule or a list of rules per operation. */
export type FaultSettings = Partial<Record<FaultOperation, FaultRule | readonly FaultRule[]>>;
/** What `GET /_chorus/faults` shows: every operation's rules as a list. */
export type FaultSnapshot = Partial<Record<FaultOperation, ActiveFaultRule[]>>;

/** One injected answer: which connection it was for, so a test can tell whom a 410 "removed". */
export interface FiredFault {
  operation: FaultOperation;
  status: number;
  connectionId: string;
}

/** How many fired faults `fired()` keeps (the oldest go first). */
export const MAX_FIRED_KEPT = 10_000;

export class FaultSettingsError extends Error {
  readonly code = 'INVALID_FAULT_SETTINGS';
  constructor(message: string) {
    super(message);
    this.name = 'FaultSettingsError';
  }
}

function parseRule(where: string, raw: unknown): FaultRule {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FaultSettingsError(`${where} must be an object`);
  }
  const { status, probability = 1, count } = raw as Record<string, unknown>;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    throw new FaultSettingsError(`${where}.status must be an integer HTTP error status (400-599)`);
  }
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) {
    throw new FaultSettingsError(`${where}.probability must be a number from 0 to 1`);
  }
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1)) {
    throw new FaultSettingsError(`${where}.count must be a positive integer`);
  }
  return count === undefined ? { status, probability } : { status, probability, count };
}

function parseRules(operation: string, raw: unknown): FaultRule[] {
  if (!Array.isArray(raw)) return [parseRule(operation, raw)];
  if (raw.length === 0) throw new FaultSettingsError(`${operation} must list at least one rule`);
  const rules = raw.map((rule, i) => parseRule(`${operation}[${i}]`, rule));
  const total = rules.reduce((sum, rule) => sum + rule.probability, 0);
  // One draw picks one rule: their slices of [0, 1) cannot overlap, so they cannot exceed it.
  if (total > 1 + 1e-9) {
    throw new FaultSettingsError(`${operation}: the probabilities add up to ${total}, more than 1`);
  }
  return rules;
}

/**
 * Validates a JSON body such as `{ "postToConnection": { "status": 429, "probability": 0.5 } }` or
 * `{ "postToConnection": [{ "status": 410, "probability": 0.05 }, { "status": 429, "probability": 0.1 }] }`.
 * The result always holds lists.
 */
export function parseFaultSettings(raw: unknown): Partial<Record<FaultOperation, FaultRule[]>> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FaultSettingsError('fault settings must be a JSON object');
  }
  const settings: Partial<Record<FaultOperation, FaultRule[]>> = {};
  for (const [operation, rules] of Object.entries(raw)) {
    if (!(FAULT_OPERATIONS as readonly string[]).includes(operation)) {
      throw new FaultSettingsError(
        `unknown operation ${operation}; expected one of ${FAULT_OPERATIONS.join(', ')}`,
      );
    }
    settings[operation as FaultOperation] = parseRules(operation, rules);
  }
  return settings;
}

export class FaultInjector {
  private rules: Partial<Record<FaultOperation, ActiveFaultRule[]>> = {};
  private firedFaults: FiredFault[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  /** Sets (replaces) the rules of the operations named in `settings`; others stay as they are. */
  set(settings: FaultSettings): void {
    for (const [operation, given] of Object.entries(settings) as Array<
      [FaultOperation, FaultRule | readonly FaultRule[]]
    >) {
      const list = Array.isArray(given) ? given : [given as FaultRule];
      this.rules[operation] = list.map((rule) => ({ ...rule, fired: 0 }));
    }
  }

  /** Removes every rule and forgets what fired. */
  clear(): void {
    this.rules = {};
    this.firedFaults = [];
  }

  snapshot(): FaultSnapshot {
    return structuredClone(this.rules);
  }

  /** The faults fired since the last clear(), oldest first (at most MAX_FIRED_KEPT). */
  fired(): FiredFault[] {
    return [...this.firedFaults];
  }

  /** The status to fail this request with, or undefined to let it through. */
  draw(operation: FaultOperation, connectionId = ''): number | undefined {
    const rules = this.rules[operation];
    if (rules === undefined) return undefined;
    const roll = this.random();
    let floor = 0;
    for (const rule of rules) {
      floor += rule.probability;
      if (roll >= floor) continue;
      rule.fired += 1;
      if (rule.count !== undefined) {
        rule.count -= 1;
        if (rule.count <= 0) rules.splice(rules.indexOf(rule), 1);
        if (rules.length === 0) delete this.rules[operation];
      }
      this.firedFaults.push({ operation, status: rule.status, connectionId });
      if (this.firedFaults.length > MAX_FIRED_KEPT) this.firedFaults.shift();
      return rule.status;
    }
    return undefined;
  }
}
