// The CLI as a user runs it: exit codes and where the output goes.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const MAIN = join(__dirname, '..', '..', '..', '..', 'bench', 'plan', 'main.ts');
const plan = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8' });

describe('npm run plan', () => {
  it('prints the plan and exits 0', () => {
    const run = plan('--room-size', '100000');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Fan-out plan for a room of 100,000');
    expect(run.stdout).toContain('bound by the account rate');
  });

  it('prints the FanOutPlan as JSON with --json', () => {
    const run = plan('--room-size', '2000', '--rate', '500', '--burst', '100', '--json');
    expect(run.status).toBe(0);
    const parsed = JSON.parse(run.stdout) as { timing: { rateSeconds: number }; jobs: number };
    expect(parsed.timing.rateSeconds).toBeCloseTo(3.8, 10);
    expect(parsed.jobs).toBe(40);
  });

  it('exits 0 on --help with the usage on stdout', () => {
    const run = plan('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: npm run plan -- --room-size N [knobs]');
  });

  it('exits 2 with the precise message on stderr for a bad knob', () => {
    const run = plan('--room-size', '10', '--in-flight', '0');
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('--in-flight needs a whole number in 1..10000 (got 0)');
    expect(run.stdout).toBe('');
  });
});
