// The local cloud's own control endpoints under `/_chorus/`, for tests and operators: list
// connections, drop sockets like a dead network, and switch @connections faults on and off.
//
// They can cut every chat and make deliveries fail, so they answer only a caller that shows the
// local secret (generated per start, in `.chorus/endpoints.json` as `adminSecret`) in the
// `x-chorus-admin-secret` header, and never a browser: any request with an `Origin` header (a web
// page's fetch, even one CORS would let through as "simple") is refused before anything runs.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConnectionSummary } from './connectionRegistry';
import { type FaultInjector, FaultSettingsError, parseFaultSettings } from './faults';
import { readBody, sendEmpty, sendJson } from './httpMessages';
import type { HttpHandler } from './managementApi';

export const ADMIN_PREFIX = '/_chorus/';
/** Header carrying the local admin secret. */
export const ADMIN_SECRET_HEADER = 'x-chorus-admin-secret';

/**
 * More admin endpoints mounted beside these (e.g. the function runtime's crash switch), so other
 * parts of the local cloud keep their own routes. `path` is the part after `/_chorus/`, without a
 * trailing slash; resolves false when the route is not the extension's, so the next one is asked.
 */
export type AdminExtension = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<boolean>;
const MAX_ADMIN_BODY = 64 * 1024;

export interface AdminApiDeps {
  /** The secret a caller must send in ADMIN_SECRET_HEADER. */
  secret: string;
  faults: FaultInjector;
  listConnections(): ConnectionSummary[];
  /**
   * Destroys every socket without a close frame (pending handshakes too); they answer 410 at once.
   * Resolves with their count, after each one's $disconnect invocation has settled when `wait`.
   */
  dropAll(wait: boolean): Promise<number>;
  /** Same for one connection; false when there is no such connection. */
  drop(connectionId: string, wait: boolean): Promise<boolean>;
  /** Asked in order for any route not served here. */
  extensions?: readonly AdminExtension[];
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const { bytes, tooLarge } = await readBody(req, MAX_ADMIN_BODY);
  if (tooLarge) throw new FaultSettingsError('body too large');
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

/** A fresh admin secret: 256 random bits, URL-safe. */
export function newAdminSecret(): string {
  return randomBytes(32).toString('base64url');
}

function secretMatches(sent: string | string[] | undefined, secret: string): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent, 'utf8');
  const b = Buffer.from(secret, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refuses browsers and callers without the secret; true when the request may go on. */
function admitted(req: IncomingMessage, res: ServerResponse, secret: string): boolean {
  if (req.headers.origin !== undefined) {
    req.resume();
    sendJson(res, 403, {
      message: 'Admin endpoints do not answer browsers (the request has an Origin header)',
    });
    return false;
  }
  if (!secretMatches(req.headers[ADMIN_SECRET_HEADER], secret)) {
    req.resume();
    sendJson(res, 401, {
      message: `Admin endpoints need the ${ADMIN_SECRET_HEADER} header: the adminSecret of .chorus/endpoints.json`,
    });
    return false;
  }
  return true;
}

export function createAdminApi(deps: AdminApiDeps): HttpHandler {
  if (deps.secret.length < 16) throw new RangeError('the admin secret must be at least 16 characters');
  return async (req, res) => {
    if (!admitted(req, res, deps.secret)) return;
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
    } else if (route === 'POST faults') {
      try {
        deps.faults.set(parseFaultSettings(await readJson(req)));
        sendJson(res, 200, deps.faults.snapshot());
      } catch (error) {
        if (!(error instanceof FaultSettingsError)) throw error;
        sendJson(res, 400, { message: error.message });
      }
    } else if (route === 'DELETE faults') {
      req.resume();
      deps.faults.clear();
      sendEmpty(res, 204);
    } else {
      for (const extension of deps.extensions ?? []) {
        if (await extension(req, res, path)) return;
      }
      notFound(req, res);
    }
  };
}
