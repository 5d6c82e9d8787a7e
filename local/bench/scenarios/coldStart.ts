// cold-start: how long `npm start`'s entry point takes to be ready (--in-memory --no-web), timed
// over several fresh processes; the other scenarios run on a cloud of their own.
import { measureColdStarts, type ColdStartRun } from '../coldStart';
import type { ScenarioResult } from '../report/types';
import { summarize } from '../stats';
import type { Scenario } from './context';

/** The target for `npm start` on a 2-core machine (reported next to the figure, not asserted). */
export const COLD_START_TARGET_SECONDS = 15;

export function coldStartResult(runs: readonly ColdStartRun[]): ScenarioResult {
  const ready = summarize(runs.map((r) => r.readySeconds));
  const wall = summarize(runs.map((r) => r.wallSeconds));
  const s = (v: number | undefined): string => (v === undefined ? '–' : v.toFixed(2));
  return {
    scenario: 'cold-start',
    label: `${runs.length} runs`,
    line:
      `cold-start ${runs.length} runs: ready p50 ${s(ready?.p50)} s (min ${s(ready?.min)}, max ${s(ready?.max)}); ` +
      `spawn → endpoints p50 ${s(wall?.p50)} s; target ≤ ${COLD_START_TARGET_SECONDS} s`,
    failures: [],
    data: { targetSeconds: COLD_START_TARGET_SECONDS, runs, readySeconds: ready, wallSeconds: wall },
    charts: [],
    tables: [
      {
        title: 'Cold start of the local cloud, seconds',
        headers: ['run', '"Chorus is ready in"', 'spawn → endpoints file'],
        rows: runs.map((r, i) => [i + 1, r.readySeconds.toFixed(2), r.wallSeconds.toFixed(2)]),
      },
    ],
  };
}

export const coldStartScenario: Scenario = {
  name: 'cold-start',
  summary: 'time --cold-starts fresh local clouds from spawn to ready',
  async run(ctx) {
    const count = ctx.options.coldStarts;
    const runs = await measureColdStarts(count, ctx.teardown, (run, i) =>
      ctx.terminal.note(`  cold start ${i + 1}/${count}: ready in ${run.readySeconds.toFixed(2)} s`),
    );
    ctx.report(coldStartResult(runs));
  },
};
