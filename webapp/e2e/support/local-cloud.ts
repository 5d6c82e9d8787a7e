// Starts the local cloud for one spec file (`tsx local/src/main.ts --in-memory`, every port 0)
// and reads the endpoints it writes. The cloud rebuilds the webapp first when its sources changed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface Endpoints {
  websocketUrl: string;
  adminUrl: string;
  webUrl: string;
}

export interface LocalCloud {
  readonly endpoints: Endpoints;
  /** Destroys every socket without a close frame, like a network cut (`POST /_chorus/drop-all`). */
  dropAllSockets(): Promise<number>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 240_000;

async function waitForEndpoints(file: string, child: ChildProcess, output: () => string): Promise<Endpoints> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the local cloud exited with ${child.exitCode}:\n${output()}`);
    }
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      const endpoints = JSON.parse(text) as Partial<Endpoints>;
      if (
        endpoints.webUrl === undefined ||
        endpoints.websocketUrl === undefined ||
        endpoints.adminUrl === undefined
      ) {
        throw new Error(`the endpoints file lacks webUrl/websocketUrl/adminUrl: ${text}`);
      }
      return endpoints as Endpoints;
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`the local cloud did not start within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

function stopProcessGroup(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.pid === undefined) {
      done();
      return;
    }
    const pid = child.pid;
    const kill = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    try {
      // The cloud handles SIGTERM by stopping DynamoDB Local's JVM and its servers.
      process.kill(-pid, 'SIGTERM');
    } catch {
      clearTimeout(kill);
      done();
    }
  });
}

export async function startLocalCloud(): Promise<LocalCloud> {
  const dir = await mkdtemp(join(tmpdir(), 'chorus-e2e-'));
  const endpointsFile = join(dir, 'endpoints.json');
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  let output = '';
  const child = spawn(tsx, ['local/src/main.ts', '--in-memory', '--endpoints-file', endpointsFile], {
    cwd: REPO_ROOT,
    // Own process group, so stop() reaches tsx's node child and the JVM too.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CHORUS_GATEWAY_PORT: '0',
      CHORUS_DYNAMODB_PORT: '0',
      CHORUS_SQS_PORT: '0',
      CHORUS_WEB_PORT: '0',
    },
  });
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let endpoints: Endpoints;
  try {
    endpoints = await waitForEndpoints(endpointsFile, child, () => output);
  } catch (error) {
    await stopProcessGroup(child);
    throw error;
  }
  return {
    endpoints,
    async dropAllSockets(): Promise<number> {
      const response = await fetch(`${endpoints.adminUrl}/drop-all`, { method: 'POST' });
      if (!response.ok) {
        throw new Error(`drop-all answered ${response.status}`);
      }
      return ((await response.json()) as { dropped: number }).dropped;
    },
    async stop(): Promise<void> {
      await stopProcessGroup(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
