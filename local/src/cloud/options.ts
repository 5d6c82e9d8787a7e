// Command-line and environment options of `npm start`. Ports come from CHORUS_*_PORT (0 = pick a
// free one, which the integration tests use); flags are few on purpose.
import { resolve } from 'node:path';
import { AWS_TIMING_ENV, timingModeFrom, type PollerTimingMode } from '../pollers/cadence';

export interface LocalCloudOptions {
  /** Repository root (where serverless-compose.yml lives). */
  repoRoot: string;
  /** Keep DynamoDB data in memory instead of under `.chorus/dynamodb`. */
  inMemory: boolean;
  /** Serve the webapp (skipped with --no-web, e.g. by backend-only integration tests). */
  web: boolean;
  /** Where the endpoints file is written. */
  endpointsFile: string;
  /** Environment to read ports and timeouts from. */
  env: Record<string, string | undefined>;
  /**
   * 'fast' (default): pollers re-read a stream shard a few ms after an empty read and skip
   * batching windows. 'aws' (--aws-timing or CHORUS_AWS_TIMING=1): Lambda's own cadence.
   */
  timing: PollerTimingMode;
}

export class UsageError extends Error {
  public override readonly name = 'UsageError';
  public readonly code = 'USAGE';
}

export const USAGE = `Usage: npm start -- [--in-memory] [--no-web] [--aws-timing] [--endpoints-file PATH]

  --in-memory            keep DynamoDB data in memory (default: under .chorus/dynamodb)
  --no-web               do not serve the webapp
  --aws-timing           poll like Lambda does: each stream shard 4 times a second, SQS long
                         polling + the configured batching windows (also ${AWS_TIMING_ENV}=1).
                         Default: fast development cadence (streams re-read as soon as an
                         invocation ends, else every 25 ms; batches handed over without waiting
                         for a window)
  --endpoints-file PATH  where to write the endpoints JSON (default: .chorus/endpoints.json)

Ports (0 picks a free port): CHORUS_GATEWAY_PORT (3001), CHORUS_DYNAMODB_PORT (8000),
CHORUS_SQS_PORT (9324), CHORUS_WEB_PORT (4200), CHORUS_ISSUER_PORT (3002, token issuer).
Tokens of the local sign-in live CHORUS_TOKEN_LIFETIME_MS (3600000).
Gateway timeouts in ms: CHORUS_IDLE_TIMEOUT_MS (600000), CHORUS_MAX_CONNECTION_MS (7200000).
Stage params for every service, like \`--param\` on a deploy (tests use them for small limits):
  CHORUS_PARAMS="sendRateBurst=3,sendRatePerSecond=1,maxConnectionsPerUser=2"

Fault injection (for tests; also switchable at run time under /_chorus/, see below):
  CHORUS_FAULT_CRASH_PROBABILITY=p         every invocation kills its worker with chance p (0..1)
  CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS=n  VisibilityTimeout of every queue (default: as defined in
                                           serverless.yml, 200 s for delivery), so work a crashed
                                           worker held comes back after n s
Admin endpoints on the gateway port (http://127.0.0.1:3001/_chorus/...), each with the header
  x-chorus-admin-secret: <adminSecret from the endpoints file>; requests with an Origin are refused:
  POST   faults {"postToConnection":{"status":429,"probability":0.3,"count":10}}   DELETE faults
  POST   drop-all · POST connections/{id}/drop · GET connections
  POST   functions/{name}/crash {"next":2,"phase":"beforeHandler"|"afterHandler"}  ({name}: deliver, …)
  POST   functions/crash-probability {"probability":0.1} · GET|DELETE functions/faults`;

export function parseOptions(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  repoRoot: string,
): LocalCloudOptions {
  const options: LocalCloudOptions = {
    repoRoot,
    inMemory: false,
    web: true,
    endpointsFile: resolve(repoRoot, '.chorus', 'endpoints.json'),
    env,
    timing: 'fast',
  };
  let awsTiming = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--in-memory') options.inMemory = true;
    else if (arg === '--aws-timing') awsTiming = true;
    else if (arg === '--no-web') options.web = false;
    else if (arg === '--endpoints-file') {
      const value = argv[i + 1];
      if (value === undefined) throw new UsageError('--endpoints-file needs a path');
      options.endpointsFile = resolve(value);
      i += 1;
    } else if (arg === '--help' || arg === '-h') throw new UsageError(USAGE);
    else throw new UsageError(`Unknown option ${arg}\n\n${USAGE}`);
  }
  const timing = timingModeFrom(awsTiming, env);
  if (typeof timing !== 'string') throw new UsageError(timing.error);
  options.timing = timing;
  return options;
}

/** A positive integer of milliseconds from the environment, or the default. */
export function msFromEnv(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new UsageError(`${name}=${raw} must be a positive whole number of milliseconds`);
  }
  return value;
}

/** A stage param name as serverless.yml spells them (camelCase). */
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * CHORUS_PARAMS="name=value,name=value": stage params handed to every service as a deploy's
 * `--param` would be, so a test can start the local cloud with, say, a send burst of 3.
 */
export function stageParamsFromEnv(env: Record<string, string | undefined>): Record<string, string> {
  const raw = env['CHORUS_PARAMS']?.trim();
  if (raw === undefined || raw === '') return {};
  const params: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    const [name, value, ...rest] = pair.split('=').map((part) => part.trim());
    if (
      name === undefined ||
      !PARAM_NAME.test(name) ||
      value === undefined ||
      value === '' ||
      rest.length > 0
    ) {
      throw new UsageError(
        `CHORUS_PARAMS takes name=value pairs separated by commas, got ${JSON.stringify(pair)}`,
      );
    }
    params[name] = value;
  }
  return params;
}
