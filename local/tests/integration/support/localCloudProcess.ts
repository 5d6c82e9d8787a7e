// Starts `npm start`'s entry point as a child process on free ports, exactly as a developer runs
// it, and stops it with SIGTERM like Ctrl+C. Tests talk to it only over its real endpoints.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LocalEndpointsFile } from '../../../src/cloud/localCloud';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');

/** What the process writes to its endpoints file (the orchestrator's own type). */
export type Endpoints = LocalEndpointsFile;

export interface RunningCloud {
  endpoints: Endpoints;
  output(): string;
  stop(): Promise<number | null>;
}

export interface StartOptions {
  web?: boolean;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** The running `npm start` entry point and everything it has printed so far. */
export interface LocalCloudChild {
  child: ChildProcess;
  output(): string;
}

/**
 * Spawns `npm start`'s entry point with `args` on free ports (env wins over the defaults).
 * `node --import tsx` (not the tsx CLI): one process, so SIGTERM reaches our handler directly.
 */
export function spawnLocalCloud(
  args: string[],
  env: Record<string, string | undefined> = {},
): LocalCloudChild {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'local', 'src', 'main.ts'), ...args],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        CHORUS_GATEWAY_PORT: '0',
        CHORUS_DYNAMODB_PORT: '0',
        CHORUS_SQS_PORT: '0',
        CHORUS_WEB_PORT: '0',
        CHORUS_ISSUER_PORT: '0',
        POWERTOOLS_LOG_LEVEL: 'WARN',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

export async function startLocalCloud(options: StartOptions = {}): Promise<RunningCloud> {
  const dir = await mkdtemp(join(tmpdir(), 'chorus-it-'));
  const endpointsFile = join(dir, 'endpoints.json');
  const args = ['--in-memory', '--endpoints-file', endpointsFile];
  if (options.web !== true) args.push('--no-web');
  const { child, output: printed } = spawnLocalCloud(args, options.env);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  while (!printed().includes('Chorus is ready')) {
    if (child.exitCode !== null)
      throw new Error(`the local cloud exited with ${child.exitCode}:\n${printed()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the local cloud did not become ready in time:\n${printed()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const endpoints = JSON.parse(await readFile(endpointsFile, 'utf8')) as Endpoints;
  return {
    endpoints,
    output: printed,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        exited,
        new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), 20_000))),
      ]);
      clearTimeout(timer);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        throw new Error(`the local cloud did not stop within 20 s after SIGTERM:\n${printed().slice(-3000)}`);
      }
      await rm(dir, { recursive: true, force: true });
      return code;
    },
  };
}
