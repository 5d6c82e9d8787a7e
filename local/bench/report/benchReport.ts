// Assembles the JSON report from the results, and the verdict line the run ends with.
import type { BenchReport, MachineInfo, ScenarioResult } from './types';

export function buildBenchReport(input: {
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  options: unknown;
  results: readonly ScenarioResult[];
}): BenchReport {
  return {
    ...input,
    results: [...input.results],
    failures: input.results.flatMap((r) => r.failures.map((f) => `${r.scenario}: ${f}`)),
  };
}

export function verdictLines(report: BenchReport): string[] {
  if (report.failures.length === 0)
    return [`bench OK: ${report.results.length} results, every member received every message exactly once`];
  return [`bench FAILED (${report.failures.length}):`, ...report.failures.map((f) => `  ✖ ${f}`)];
}
