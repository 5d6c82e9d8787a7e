// Parsing for the function runtime's fault switches (worker crashes), shared by the admin API and
// the start-up environment: every bad input is refused with a message that names the field and
// what it must be, so a test that mistypes a switch fails at once instead of proving nothing.
import type { CrashPhase } from '../runtime';

export const CRASH_PHASES: readonly CrashPhase[] = ['beforeHandler', 'afterHandler'];

export class FunctionFaultError extends Error {
  public override readonly name = 'FunctionFaultError';
  public readonly code: 'INVALID_FUNCTION_FAULT' | 'UNKNOWN_FUNCTION';

  public constructor(
    message: string,
    /** 400: the body is wrong; 404: no function has that name. */
    public readonly status: 400 | 404 = 400,
  ) {
    super(message);
    this.code = status === 404 ? 'UNKNOWN_FUNCTION' : 'INVALID_FUNCTION_FAULT';
  }
}

/** `POST functions/{name}/crash`: crash the next `next` invocations (0 cancels) in `phase`. */
export interface CrashRequest {
  next: number;
  phase: CrashPhase;
}

function asObject(raw: unknown, what: string): Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FunctionFaultError(`${what} must be a JSON object`);
  }
  return raw as Record<string, unknown>;
}

function refuseUnknownFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) {
    throw new FunctionFaultError(`unknown field(s) ${unknown.join(', ')}; expected ${allowed.join(', ')}`);
  }
}

/** Validates `{ "next": 2, "phase": "afterHandler" }` (phase defaults to beforeHandler). */
export function parseCrashRequest(raw: unknown): CrashRequest {
  const body = asObject(raw, 'the crash request');
  refuseUnknownFields(body, ['next', 'phase']);
  const { next, phase = 'beforeHandler' } = body;
  if (typeof next !== 'number' || !Number.isInteger(next) || next < 0 || next > 10_000) {
    throw new FunctionFaultError('next must be an integer from 0 to 10000 (0 cancels pending crashes)');
  }
  if (typeof phase !== 'string' || !(CRASH_PHASES as readonly string[]).includes(phase)) {
    throw new FunctionFaultError(`phase must be one of ${CRASH_PHASES.join(', ')}`);
  }
  return { next, phase: phase as CrashPhase };
}

/** `POST functions/{name}/crash-every`: crash every `every`-th invocation (0 cancels) in `phase`. */
export interface CrashEveryRequest {
  every: number;
  phase: CrashPhase;
}

const MAX_EVERY = 1_000_000;

/** Validates `{ "every": 100, "phase": "beforeHandler" }` (phase defaults to beforeHandler). */
export function parseCrashEveryRequest(raw: unknown): CrashEveryRequest {
  const body = asObject(raw, 'the crash-every request');
  refuseUnknownFields(body, ['every', 'phase']);
  const { every, phase = 'beforeHandler' } = body;
  if (typeof every !== 'number' || !Number.isInteger(every) || every < 0 || every > MAX_EVERY) {
    throw new FunctionFaultError(`every must be an integer from 0 to ${MAX_EVERY} (0 turns it off)`);
  }
  if (typeof phase !== 'string' || !(CRASH_PHASES as readonly string[]).includes(phase)) {
    throw new FunctionFaultError(`phase must be one of ${CRASH_PHASES.join(', ')}`);
  }
  return { every, phase: phase as CrashPhase };
}

/** A probability from 0 to 1; `what` names the field or variable in the error. */
export function parseProbability(raw: unknown, what: string): number {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new FunctionFaultError(`${what} must be a number from 0 to 1, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Validates `{ "probability": 0.2 }`. */
export function parseCrashProbability(raw: unknown): number {
  const body = asObject(raw, 'the crash-probability request');
  refuseUnknownFields(body, ['probability']);
  if (typeof body['probability'] !== 'number') {
    throw new FunctionFaultError('probability must be a number from 0 to 1');
  }
  return parseProbability(body['probability'], 'probability');
}

export interface NamedFunction {
  /** Function key, e.g. `deliver`. */
  name: string;
  /** e.g. `chorus-fanout-local-deliver`. */
  qualifiedName: string;
}

/** Accepts a qualified name or a function key; a key two services share is refused as ambiguous. */
export function resolveFunctionName(requested: string, functions: readonly NamedFunction[]): string {
  const exact = functions.find((fn) => fn.qualifiedName === requested);
  if (exact !== undefined) return exact.qualifiedName;
  const byKey = functions.filter((fn) => fn.name === requested);
  if (byKey.length === 1) return byKey[0]!.qualifiedName;
  if (byKey.length > 1) {
    throw new FunctionFaultError(
      `function key ${requested} is ambiguous; use one of ${byKey.map((fn) => fn.qualifiedName).join(', ')}`,
    );
  }
  throw new FunctionFaultError(
    `no function ${requested}; known: ${functions.map((fn) => fn.name).join(', ')}`,
    404,
  );
}
