// `npm run bench`: runs the selected scenarios (cold-start, join, fanout, sustained) against the
// local cloud with every client socket in a separate client-fleet process and a plain `ws`
// broadcast server as the physical baseline; prints one line per result, writes the JSON and
// HTML reports. Time never fails the run; a missing/duplicate delivery or a crash does (exit 1).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { REPO_ROOT, type RunningCloud } from '../tests/integration/support/localCloudProcess';
import {
  BenchHelpRequested,
  BenchUsageError,
  parseBenchArgs,
  peakSockets,
  SCENARIO_NAMES,
  type BenchOptions,
} from './args';
import { startBaselineProcess, type BaselineProcess } from './baseline/process';
import { startCloud } from './coldStart';
import { planFdLimit, readFdLimits } from './fdLimit';
import { FleetClient } from './fleet/client';
import { buildBenchReport, verdictLines } from './report/benchReport';
import { errorLine, failureResult } from './report/failure';
import { machineInfo } from './report/machine';
import type { BenchReport, ScenarioResult } from './report/types';
import { writeReports } from './report/write';
import type { ScenarioContext } from './scenarios/context';
import { SCENARIOS } from './scenarios/registry';
import { Teardown } from './teardown';
import { Terminal } from './terminal';
import { exitUnlessSupportedNode } from '../../scripts/lib/nodeEngine.cjs';

const FD_RAISED_ENV = 'CHORUS_BENCH_FD_RAISED';

/**
 * Makes sure every process of the run may hold the sockets it needs: re-runs the bench under a
 * raised soft limit when the hard one allows it. Returns an exit code when this process is done.
 */
function ensureFdLimit(options: BenchOptions, terminal: Terminal): number | undefined {
  const sockets = peakSockets(options);
  const plan = planFdLimit(readFdLimits(), sockets);
  if (plan.action === 'ok') return undefined;
  if (plan.action === 'fail' || process.env[FD_RAISED_ENV] === '1') {
    terminal.note(
      `✖ ${plan.action === 'fail' ? plan.message : 'the open-file limit did not rise under ulimit -n'}`,
    );
    return 1;
  }
  terminal.note(`raising the open-file limit to ${plan.to} for ${sockets} sockets (ulimit -n ${plan.to})`);
  const rerun = spawnSync(
    '/bin/sh',
    [
      '-c',
      'ulimit -n "$0" && exec "$@"',
      String(plan.to),
      process.execPath,
      ...process.execArgv,
      ...process.argv.slice(1),
    ],
    { stdio: 'inherit', env: { ...process.env, [FD_RAISED_ENV]: '1' } },
  );
  return rerun.status ?? 1;
}

function createContext(
  options: BenchOptions,
  teardown: Teardown,
  terminal: Terminal,
  results: ScenarioResult[],
) {
  const memos = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!memos.has(key)) memos.set(key, make());
    return memos.get(key) as Promise<T>;
  };
  let cloud: RunningCloud | undefined;
  const ctx: ScenarioContext = {
    options,
    repoRoot: REPO_ROOT,
    runId: randomBytes(3).toString('hex'),
    teardown,
    terminal,
    cloud: () =>
      once('cloud', async () => {
        terminal.note('starting the local cloud…');
        cloud = (await startCloud(teardown)).cloud;
        return cloud;
      }),
    fleet: () =>
      once('fleet', async () => {
        const fleet = await FleetClient.start(REPO_ROOT);
        teardown.add('client fleet', () => fleet.stop());
        return fleet;
      }),
    baseline: () =>
      once<BaselineProcess>('baseline', async () => {
        const server = await startBaselineProcess(REPO_ROOT);
        teardown.add('baseline server', () => server.stop());
        return server;
      }),
    report: (result) => {
      results.push(result);
      terminal.result(result.line);
    },
    memo: once,
  };
  return { ctx, cloudOutput: () => cloud?.output() };
}

function resolvePath(path: string): string {
  return isAbsolute(path) ? path : join(REPO_ROOT, path);
}

async function bench(options: BenchOptions, terminal: Terminal): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const loadAtStart = os.loadavg()[0] ?? 0;
  const teardown = new Teardown();
  const interrupt = (signal: string): void => {
    terminal.note(`\n${signal}: stopping everything the bench started…`);
    void teardown.runAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => interrupt('SIGINT'));
  process.once('SIGTERM', () => interrupt('SIGTERM'));

  const results: ScenarioResult[] = [];
  const { ctx, cloudOutput } = createContext(options, teardown, terminal, results);
  terminal.note(
    `Chorus bench ${ctx.runId}: ${options.scenarios.join(', ')}; sizes ${options.sizes.join(', ')}`,
  );
  try {
    for (const name of SCENARIO_NAMES) {
      if (!options.scenarios.includes(name)) continue;
      try {
        await SCENARIOS[name].run(ctx);
      } catch (error) {
        terminal.note(error instanceof Error ? (error.stack ?? error.message) : String(error));
        ctx.report(failureResult(name, 'crashed', [errorLine(error)]));
      }
    }
  } finally {
    for (const failure of await teardown.runAll()) terminal.note(`✖ could not stop ${failure}`);
  }
  const output = cloudOutput();
  if (output !== undefined && results.some((r) => r.failures.length > 0)) {
    // The local cloud's own output is the first thing to read when a delivery went missing.
    const logFile = join(REPO_ROOT, 'artifacts', 'bench-local-cloud.log');
    await mkdir(dirname(logFile), { recursive: true });
    await writeFile(logFile, output);
    terminal.note(`local cloud output saved to ${logFile}`);
  }
  return buildBenchReport({
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: machineInfo(loadAtStart),
    options,
    results,
  });
}

async function main(): Promise<number> {
  // Figures measured on another Node than Lambda's would not say how Chorus runs.
  exitUnlessSupportedNode();
  const terminal = new Terminal();
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof BenchHelpRequested) {
      console.log(error.message);
      return 0;
    }
    if (error instanceof BenchUsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const exitCode = ensureFdLimit(options, terminal);
  if (exitCode !== undefined) return exitCode;
  const report = await bench(options, terminal);
  const paths = { json: resolvePath(options.out), html: resolvePath(options.html) };
  await writeReports(report, paths);
  for (const line of verdictLines(report)) terminal.result(line);
  terminal.note(`reports: ${paths.json}, ${paths.html}`);
  return report.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('✖ bench crashed:', error);
    process.exit(1);
  },
);
