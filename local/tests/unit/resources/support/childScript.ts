// Runs a TypeScript helper in a child Node process (with tsx), for what Jest's CommonJS runtime
// cannot do in-process (fauxqs is ESM-only) or what must die independently of the test (orphan
// checks). The helper reports with one JSON line on stdout.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../../../..');

export interface ChildScript {
  child: ChildProcess;
  /** The first JSON line the helper prints (rejects if it exits first). */
  report: Promise<Record<string, unknown>>;
  output(): string;
  exited: Promise<number | null>;
}

export function runChildScript(script: string, env: Record<string, string> = {}): ChildScript {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, script)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const report = new Promise<Record<string, unknown>>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const complete = stdout.split('\n').slice(0, -1);
      const line = complete.find((candidate) => candidate.startsWith('{'));
      if (line !== undefined) done(JSON.parse(line) as Record<string, unknown>);
    });
    void exited.then((code) =>
      fail(new Error(`${script} exited (${String(code)}) before reporting:\n${stderr}`)),
    );
  });
  return { child, report, exited, output: () => stdout + stderr };
}

export async function stopChild(script: ChildScript, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (script.child.exitCode !== null || script.child.signalCode !== null) return;
  script.child.kill(signal);
  await script.exited;
}

/** Whether a DynamoDB Local JVM for `port` is still running (pgrep over full command lines). */
export function dynamoDbLocalRunsOn(port: number): boolean {
  const result = spawnSync('pgrep', ['-f', `DynamoDBLocal\\.jar.* -port ${port}( |$)`], { encoding: 'utf8' });
  return result.stdout.trim() !== '';
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `condition` until true or `timeoutMs`; returns the last value. */
export async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((wake) => setTimeout(wake, 200));
  }
  return true;
}
