// A result that carries only failures: a scenario (or one room size of it) that crashed or could
// not set up its members. It still prints its one line and fails the run.
import type { ScenarioResult } from './types';

export function failureResult(scenario: string, label: string, failures: readonly string[]): ScenarioResult {
  return {
    scenario,
    label,
    line: `${scenario} ${label}: ✖ ${failures.join('; ')}`,
    failures: [...failures],
    data: {},
    charts: [],
    tables: [],
  };
}

/** The first line of an error's message (stack traces go to stderr, not into the report). */
export function errorLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').find((line) => line.trim() !== '') ?? text;
}
