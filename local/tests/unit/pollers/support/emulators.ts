// Starts the real emulators for poller tests: DynamoDB Local (Java, as the local cloud starts it) and
// fauxqs (ESM-only, so it runs in a child Node process). Both on free ports; both killed by the
// returned stop() so no Java or Node process outlives the test file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { startDynamoDbLocal as startLocalDynamoDb } from '../../../../src/resources';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const REGION = 'us-east-1';
const REPO_ROOT = path.resolve(__dirname, '../../../../..');

export interface RunningEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The local cloud's own DynamoDB Local start (loopback only), in memory. */
export async function startDynamoDbLocal(): Promise<RunningEmulator> {
  const dynamo = await startLocalDynamoDb({ port: await freePort(), inMemory: true });
  return { endpoint: dynamo.endpoint, stop: () => dynamo.stop() };
}

const FAUXQS_SCRIPT = `
import { startFauxqs } from 'fauxqs';
const server = await startFauxqs({ port: 0, logger: false });
console.log('FAUXQS_PORT=' + server.port);
process.on('SIGTERM', () => server.stop().finally(() => process.exit(0)));
`;

export async function startFauxqs(): Promise<RunningEmulator> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', FAUXQS_SCRIPT], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fauxqs did not start: ${stderr}`)), 30_000);
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /FAUXQS_PORT=(\d+)/.exec(stdout);
      if (match !== null) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fauxqs exited with ${code}: ${stderr}`));
    });
  });
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}
