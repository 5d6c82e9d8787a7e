// What a scenario gets from the runner: the options, the shared processes (started on first use
// and stopped by the teardown), the terminal and a way to hand in results.
import type { BenchOptions } from '../args';
import type { BaselineProcess } from '../baseline/process';
import type { FleetClient } from '../fleet/client';
import type { ScenarioResult } from '../report/types';
import type { Teardown } from '../teardown';
import type { Terminal } from '../terminal';
import type { RunningCloud } from '../../tests/integration/support/localCloudProcess';

export interface ScenarioContext {
  options: BenchOptions;
  repoRoot: string;
  /** Short id that makes this run's room ids, names and tags unique. */
  runId: string;
  teardown: Teardown;
  terminal: Terminal;
  /** The local cloud every Chorus scenario talks to (started once, on first use). */
  cloud(): Promise<RunningCloud>;
  /** The client fleet process (started once, on first use). */
  fleet(): Promise<FleetClient>;
  /** The plain `ws` broadcast server process (started once, on first use). */
  baseline(): Promise<BaselineProcess>;
  /** Prints the result's line and keeps it for the reports. */
  report(result: ScenarioResult): void;
  /** Results scenarios share within one run (e.g. the rooms join and fanout both use). */
  memo<T>(key: string, make: () => Promise<T>): Promise<T>;
}

export interface Scenario {
  name: string;
  /** One sentence for the usage text and the report. */
  summary: string;
  run(ctx: ScenarioContext): Promise<void>;
}
