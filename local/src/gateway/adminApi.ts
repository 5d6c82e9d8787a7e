// The local cloud's own control endpoints under `/_chorus/`, for tests and operators: list
// connections, drop sockets like a dead network, switch @connections faults on and off (and list
// whom they fired for: `GET faults/fired`), set the account throttle and latency, and register
// phantom connections (docs/local-cloud.md#admin-api).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionSummary } from './connectionRegistry';
import { type FaultInjector, FaultSettingsError, parseFaultSettings } from './faults';
import { readBody, sendEmpty, sendJson } from './httpMessages';
import type { HttpHandler } from './managementApi';
import { parsePhantomRegistration, PhantomSettingsError, type PhantomConnections } from './phantoms';
import { parseThrottleSettings, ThrottleSettingsError, type AccountThrottle } from './throttle';

export const ADMIN_PREFIX = '/_chorus/';
/** The header that carries the admin secret (`adminSecret` in .chorus/endpoints.json). */
export const ADMIN_SECRET_HEADER = 'x-chorus-admin-secret';

/**
 * More admin endpoints mounted beside these (e.g. the function runtime's crash switch), so other
 * parts of the local cloud keep their own routes. `path` is the part after `/_chorus/`, without a
 * trailing slash; resolves false when the route is not the extension's, so the next one is asked.
 */
export type AdminExtension = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
const MAX_ADMIN_BODY = 64 * 1024;
/** A restart keeps the gateway down at most this long: tests must not wedge a shared machine. */
export const MAX_RESTART_DOWN_MS = 60_000;
const DEFAULT_RESTART_DOWN_MS = 1000;

/** Validates `{ "downMs": 1500 }` (an empty body means the default). */
export function parseRestartRequest(raw: unknown): { downMs: number } {
  if (raw === undefined) return { downMs: DEFAULT_RESTART_DOWN_MS };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FaultSettingsError('the restart request must be a JSON object');
  }
  const { downMs = DEFAULT_RESTART_DOWN_MS, ...rest } = raw as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new FaultSettingsError(`unknown field(s) ${unknown.join(', ')}; expected downMs`);
  if (typeof downMs !== 'number' || !Number.isInteger(downMs) || downMs < 0 || downMs > MAX_RESTART_DOWN_MS) {
    throw new FaultSettingsError(`downMs must be an integer from 0 to ${MAX_RESTART_DOWN_MS}`);
  }
  return { downMs };
}

export interface AdminApiDeps {
  /**
   * Every request must carry it in ADMIN_SECRET_HEADER: the endpoints drop sockets and inject
   * faults, and a web page the developer happens to open must not be able to call them.
   */
  secret: string;
  faults: FaultInjector;
  throttle: AccountThrottle;
  phantoms: PhantomConnections;
  listConnections(): ConnectionSummary[];
  /**
   * Destroys every socket without a close frame (pending handshakes too); they answer 410 at once.
   * Resolves with their count, after each one's $disconnect invocation has settled when `wait`.
   */
  dropAll(wait: boolean): Promise<number>;
  /**
   * Takes the whole gateway down for `downMs` and back on the same port (every socket dropped);
   * resolves once it listens again.
   */
  restart(downMs: number): Promise<void>;
  /** Restarts completed so far. */
  restarts(): number;
  /** Same for one connection; false when there is no such connection. */
  drop(connectionId: string, wait: boolean): Promise<boolean>;
  /** Asked in order for any route not served here. */
  extensions?: readonly AdminExtension[];
}

async function readJson(req: IncomingMessage, optional = false): Promise<unknown> {
  const { bytes, tooLarge } = await readBody(req, MAX_ADMIN_BODY);
  if (tooLarge) throw new FaultSettingsError('body too large');
  if (optional && bytes.length === 0) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    throw new FaultSettingsError('body is not JSON');
  }
}

function notFound(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  sendJson(res, 404, { message: `No admin endpoint ${req.method} ${req.url}` });
}

/** Why a request may not use the admin endpoints, or undefined when it may. */
function refusal(req: IncomingMessage, secret: string): { status: number; message: string } | undefined {
  // Browsers always send Origin on cross-origin requests (and on every POST); tools and tests never
  // need to. Refusing it keeps any web page, even one served by this machine, out.
  if (req.headers.origin !== undefined) {
    return {
      status: 403,
      message: `Admin endpoints refuse browser requests (Origin: ${req.headers.origin.slice(0, 100)}); call them from a tool or test`,
    };
  }
  const given = req.headers[ADMIN_SECRET_HEADER];
  const expected = Buffer.from(secret, 'utf8');
  const actual = Buffer.from(typeof given === 'string' ? given : '', 'utf8');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return {
      status: 401,
      message: `Send the ${ADMIN_SECRET_HEADER} header with adminSecret from the local cloud's endpoints file (.chorus/endpoints.json)`,
    };
  }
  return undefined;
}

/** The throttle and phantom routes; false when `route` is none of them. */
async function serveSimulation(
  deps: AdminApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  route: string,
): Promise<boolean> {
  const { throttle, phantoms } = deps;
  try {
    switch (route) {
      case 'GET throttle':
        sendJson(res, 200, throttle.snapshot());
        return true;
      case 'POST throttle':
        throttle.set(parseThrottleSettings(await readJson(req)));
        sendJson(res, 200, throttle.snapshot());
        return true;
      case 'DELETE throttle':
        req.resume();
        throttle.clear();
        sendEmpty(res, 204);
        return true;
      case 'GET phantoms':
        sendJson(res, 200, phantoms.stats());
        return true;
      case 'POST phantoms':
        phantoms.register(parsePhantomRegistration(await readJson(req)));
        sendJson(res, 200, phantoms.stats());
        return true;
      case 'POST phantoms/reset':
        req.resume();
        phantoms.resetCounts();
        sendJson(res, 200, phantoms.stats());
        return true;
      case 'DELETE phantoms':
        req.resume();
        phantoms.clear();
        sendEmpty(res, 204);
        return true;
      default:
        return false;
    }
  } catch (error) {
    const known =
      error instanceof FaultSettingsError ||
      error instanceof ThrottleSettingsError ||
      error instanceof PhantomSettingsError;
    if (!known) throw error;
    sendJson(res, 400, { message: error.message });
    return true;
  }
}

export function createAdminApi(deps: AdminApiDeps): HttpHandler {
  return async (req, res) => {
    const refused = refusal(req, deps.secret);
    if (refused !== undefined) {
      req.resume();
      sendJson(res, refused.status, { message: refused.message });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const path = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/$/, '');
    const route = `${req.method} ${path}`;
    // Drops wait for $disconnect to settle unless `?wait=false`.
    const wait = url.searchParams.get('wait') !== 'false';
    if (route === 'GET connections') {
      sendJson(res, 200, { connections: deps.listConnections() });
    } else if (route === 'POST drop-all') {
      req.resume();
      sendJson(res, 200, { dropped: await deps.dropAll(wait) });
    } else if (req.method === 'POST' && /^connections\/[^/]+\/drop$/.test(path)) {
      req.resume();
      const connectionId = decodeURIComponent(path.split('/')[1]!);
      if (await deps.drop(connectionId, wait)) sendJson(res, 200, { dropped: 1 });
      else sendJson(res, 404, { message: `No connection ${connectionId}` });
    } else if (route === 'GET faults') {
      sendJson(res, 200, deps.faults.snapshot());
    } else if (route === 'GET faults/fired') {
      sendJson(res, 200, { fired: deps.faults.fired() });
    } else if (route === 'POST faults') {
      try {
        deps.faults.set(parseFaultSettings(await readJson(req)));
        sendJson(res, 200, deps.faults.snapshot());
      } catch (error) {
        if (!(error instanceof FaultSettingsError)) throw error;
        sendJson(res, 400, { message: error.message });
      }
    } else if (route === 'POST restart') {
      let downMs: number;
      try {
        ({ downMs } = parseRestartRequest(await readJson(req, true)));
      } catch (error) {
        if (!(error instanceof FaultSettingsError)) throw error;
        sendJson(res, 400, { message: error.message });
        return;
      }
      // Answer first: the restart cuts this very socket. The caller polls until it is back.
      // A failed restart is logged by the gateway itself; nobody is left to answer here.
      res.once('finish', () => void deps.restart(downMs).catch(() => undefined));
      sendJson(res, 202, { downMs, restarts: deps.restarts() });
    } else if (route === 'GET restarts') {
      sendJson(res, 200, { restarts: deps.restarts() });
    } else if (route === 'DELETE faults') {
      req.resume();
      deps.faults.clear();
      sendEmpty(res, 204);
    } else if (await serveSimulation(deps, req, res, route)) {
      return;
    } else {
      for (const extension of deps.extensions ?? []) {
        if (await extension(req, res, path)) return;
      }
      notFound(req, res);
    }
  };
}
