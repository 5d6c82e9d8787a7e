// Ports are checked before an emulator starts so a clash is reported as "port N is in use, set
// CHORUS_X_PORT", not as a Java stack trace or EADDRINUSE from deep inside a library.
import { readFileSync } from 'node:fs';
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

/**
 * Where the kernel's ephemeral range starts: `listen(0)` and every outgoing connection take their
 * ports from there up. Linux publishes it; elsewhere the IANA dynamic range (macOS uses it) is
 * assumed.
 */
export function ephemeralPortFloor(
  read: () => string = () => readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8'),
): number {
  try {
    const [low, high] = read().trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low! > 1024 && low! <= high!) return low!;
  } catch {
    // not Linux: fall through
  }
  return 49152;
}

/** Below here sit the well-known services and our own defaults (8000, 9324, 3001, 3002, 4200). */
const LOWEST_PICKED_PORT = 10_000;
/** Ports this process has handed out: two components asked at once must not get the same one. */
const handedOut = new Set<number>();
/** Read once: the range is a boot-time setting. */
let floor: number | undefined;

/**
 * A port the OS reports free right now (for `CHORUS_*_PORT=0`), picked below the ephemeral range.
 * A port is checked here but bound seconds later (DynamoDB Local binds once its JVM is up); one
 * from the ephemeral range can meanwhile become the local end of an outgoing connection or the
 * answer to another `listen(0)`, and the emulator then dies of EADDRINUSE.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  floor ??= ephemeralPortFloor();
  const span = floor - LOWEST_PICKED_PORT;
  for (let attempt = 0; span > 0 && attempt < 50; attempt += 1) {
    const candidate = LOWEST_PICKED_PORT + Math.floor(Math.random() * span);
    if (handedOut.has(candidate)) continue;
    handedOut.add(candidate);
    try {
      return await tryListen(candidate, host);
    } catch {
      // taken: try another
    }
  }
  // Nothing free below the range (or no room there): the kernel's own pick.
  return tryListen(0, host);
}

/** "Port N is in use", naming what wanted it and the env var that moves it. */
export function portInUseError(name: LocalPortName, port: number): PortInUseError {
  const { envVar, what } = LOCAL_PORTS[name];
  return new PortInUseError(port, envVar, what);
}

/** Throws PortInUseError (naming the env var that moves it) if `port` is taken. */
export async function assertPortFree(name: LocalPortName, port: number, host = '127.0.0.1'): Promise<void> {
  try {
    await tryListen(port, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUseError(name, port);
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
