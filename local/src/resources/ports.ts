// Ports are checked before an emulator starts so a clash is reported as "port N is in use, set
// CHORUS_X_PORT", not as a Java stack trace or EADDRINUSE from deep inside a library.
import { createServer } from 'node:net';

import { PortInUseError } from './errors';

/** The env var that moves each local port, and its default (docs/local-cloud.md#ports-and-endpoints). */
export const LOCAL_PORTS = {
  dynamodb: { envVar: 'CHORUS_DYNAMODB_PORT', defaultPort: 8000, what: 'DynamoDB Local' },
  sqs: { envVar: 'CHORUS_SQS_PORT', defaultPort: 9324, what: 'SQS emulator' },
  gateway: { envVar: 'CHORUS_GATEWAY_PORT', defaultPort: 3001, what: 'WebSocket gateway' },
  web: { envVar: 'CHORUS_WEB_PORT', defaultPort: 4200, what: 'web app' },
  issuer: { envVar: 'CHORUS_ISSUER_PORT', defaultPort: 3002, what: 'local token issuer' },
} as const;

export type LocalPortName = keyof typeof LOCAL_PORTS;

/** Resolves without a value when `port` can be bound on `host`, rejects with the bind error otherwise. */
function tryListen(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** A port the OS reports free right now (for `CHORUS_*_PORT=0`). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return tryListen(0, host);
}

/** Throws PortInUseError (naming the env var that moves it) if `port` is taken. */
export async function assertPortFree(name: LocalPortName, port: number, host = '127.0.0.1'): Promise<void> {
  const { envVar, what } = LOCAL_PORTS[name];
  try {
    await tryListen(port, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(port, envVar, what);
    throw error;
  }
}

/**
 * The port to use for `name`: `env[CHORUS_X_PORT]` (0 → a free port) or the default; checked free.
 */
export async function resolveLocalPort(
  name: LocalPortName,
  env: Record<string, string | undefined> = process.env,
  host = '127.0.0.1',
): Promise<number> {
  const { envVar, defaultPort } = LOCAL_PORTS[name];
  const raw = env[envVar];
  const requested = raw === undefined || raw.trim() === '' ? defaultPort : Number(raw);
  if (!Number.isInteger(requested) || requested < 0 || requested > 65535) {
    throw new RangeError(`${envVar}=${String(raw)} is not a port number (0-65535)`);
  }
  if (requested === 0) return freePort(host);
  await assertPortFree(name, requested, host);
  return requested;
}
