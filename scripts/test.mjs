#!/usr/bin/env node
// `npm test`: the one command that runs every test, in order, stopping at the first failure:
// typecheck → lint → unit → package + cfn-lint → template assertions → integration (local cloud)
// → webapp unit → browser. A step whose files do not exist yet prints "SKIPPED: <why>".
// The last line is the summary: `N passed, N failed` (steps).
// `node scripts/test.mjs --from <step>` starts at the first step whose name starts with <step>
// (e.g. `--from templates`), for re-running the tail after a fix.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import testPlan from './lib/testPlan.cjs';
import project from './lib/project.cjs';
import nodeEngine from './lib/nodeEngine.cjs';

// On an older Node the typecheck would fail far from the cause (engines.node); stop with the fix.
nodeEngine.exitUnlessSupportedNode();

const root = project.PROJECT_ROOT;
const fsView = {
  exists: (relative) => fs.existsSync(path.join(root, relative)),
  listDirs: (relative) => {
    const dir = path.join(root, relative);
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  },
  hasFiles: (relative, suffix) => {
    const walk = (dir) =>
      fs.existsSync(dir) &&
      fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) return false;
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? walk(full) : entry.name.endsWith(suffix);
      });
    return walk(path.join(root, relative));
  },
};

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const { values: options } = parseArgs({ options: { from: { type: 'string' } } });
const fullPlan = testPlan.buildTestPlan(fsView);
const firstStep = options.from ? fullPlan.findIndex((step) => step.name.startsWith(options.from)) : 0;
if (firstStep < 0) {
  console.error(
    `--from ${options.from}: no such step. Steps: ${fullPlan.map((step) => step.name).join('; ')}`,
  );
  process.exit(2);
}
const plan = fullPlan.slice(firstStep);
const results = [];
let failed = false;

for (const step of plan) {
  if (failed) {
    results.push({ name: step.name, status: 'not run' });
    continue;
  }
  if (step.skip) {
    console.log(`\n=== ${step.name}\nSKIPPED: ${step.skip}`);
    results.push({ name: step.name, status: 'skipped', note: step.skip });
    continue;
  }
  console.log(`\n=== ${step.name}\n$ ${step.command.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(step.command[0], step.command.slice(1), {
    cwd: root,
    stdio: 'inherit',
    env: process.env,
  });
  const elapsed = Date.now() - started;
  const ok = run.status === 0 && !run.error;
  if (run.error) console.error(`could not start ${step.command[0]}: ${run.error.message}`);
  console.log(`--- ${ok ? 'PASSED' : 'FAILED'}: ${step.name} (${seconds(elapsed)})`);
  results.push({ name: step.name, status: ok ? 'passed' : 'failed', elapsed });
  failed = !ok;
}

console.log('\n=== summary');
for (const result of results) {
  const detail =
    result.elapsed !== undefined ? ` (${seconds(result.elapsed)})` : result.note ? ` (${result.note})` : '';
  console.log(`${result.status.toUpperCase().padEnd(8)} ${result.name}${detail}`);
}
const skipped = results.filter((result) => result.status === 'skipped').length;
const notRun = results.filter((result) => result.status === 'not run').length;
if (skipped + notRun > 0) console.log(`(${skipped} skipped, ${notRun} not run after the first failure)`);
console.log(testPlan.summaryLine(results));
process.exitCode = failed ? 1 : 0;
