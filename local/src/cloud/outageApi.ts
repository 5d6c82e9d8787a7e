// The outage switch over HTTP, mounted beside the gateway's own admin API:
//   GET    /_chorus/outages              → { dynamodb: OutageStats, sqs: OutageStats }
//   POST   /_chorus/outages/{service}    { "mode"?: "refuse", "ms": n } → its stats, once begun
//   DELETE /_chorus/outages              → 204, every outage ended now
// `{service}` is `dynamodb` or `sqs`: the proxies every function and poller reaches them through.
import { adminExtension, readJsonBody, sendEmpty, sendJson, type AdminExtension } from '../gateway';
import { OUTAGE_MODES, OutageBusyError, type OutageMode, type OutageProxy } from './outageProxy';

const MAX_BODY = 16 * 1024;
/** Outages are for tests: never long enough to wedge a shared machine's suite. */
export const MAX_OUTAGE_MS = 60_000;
const OUTAGE_PATH = /^outages\/([^/]+)$/;

export class OutageRequestError extends Error {
  public override readonly name = 'OutageRequestError';
  public readonly code = 'INVALID_OUTAGE';
  public constructor(
    message: string,
    /** 400: the body is wrong; 404: no such service. */
    public readonly status: 400 | 404 = 400,
  ) {
    super(message);
  }
}

/** Validates `{ "mode": "refuse", "ms": 3000 }` (mode defaults to refuse). */
export function parseOutageRequest(raw: unknown): { mode: OutageMode; ms: number } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new OutageRequestError('the outage request must be a JSON object');
  }
  const { mode = 'refuse', ms, ...rest } = raw as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new OutageRequestError(`unknown field(s) ${unknown.join(', ')}; expected mode, ms`);
  if (typeof mode !== 'string' || !(OUTAGE_MODES as readonly string[]).includes(mode)) {
    throw new OutageRequestError(`mode must be one of ${OUTAGE_MODES.join(', ')}`);
  }
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1 || ms > MAX_OUTAGE_MS) {
    throw new OutageRequestError(`ms must be an integer from 1 to ${MAX_OUTAGE_MS}`);
  }
  return { mode: mode as OutageMode, ms };
}

const refuse = (message: string): OutageRequestError => new OutageRequestError(message);

export function createOutageApi(proxies: Readonly<Record<string, OutageProxy>>): AdminExtension {
  const stats = (): Record<string, unknown> =>
    Object.fromEntries(Object.entries(proxies).map(([service, proxy]) => [service, proxy.stats()]));

  return adminExtension({
    owns: (path) => path === 'outages' || OUTAGE_PATH.test(path),
    async route(req, res, path) {
      const named = OUTAGE_PATH.exec(path);
      if (path === 'outages' && req.method === 'GET') {
        req.resume();
        sendJson(res, 200, stats());
      } else if (path === 'outages' && req.method === 'DELETE') {
        req.resume();
        await Promise.all(Object.values(proxies).map((proxy) => proxy.endOutage()));
        sendEmpty(res, 204);
      } else if (named !== null && req.method === 'POST') {
        const service = named[1]!;
        const proxy = Object.hasOwn(proxies, service) ? proxies[service] : undefined;
        if (proxy === undefined) {
          throw new OutageRequestError(
            `no service ${service}; known: ${Object.keys(proxies).join(', ')}`,
            404,
          );
        }
        const { mode, ms } = parseOutageRequest(await readJsonBody(req, MAX_BODY, refuse));
        await proxy.startOutage(mode, ms);
        sendJson(res, 200, proxy.stats());
      } else {
        return false;
      }
      return true;
    },
    refusalOf(error) {
      if (error instanceof OutageRequestError)
        return { status: error.status, code: error.code, message: error.message };
      if (error instanceof OutageBusyError) return { status: 409, code: error.code, message: error.message };
      return undefined;
    },
  });
}
