// The @connections management API (docs/aws-behaviours.md#connections-api): `/{stage}/@connections/{id}` with
// POST (PostToConnection), GET (GetConnection) and DELETE (DeleteConnection), answered the way the
// real service does so handlers can use the real ApiGatewayManagementApiClient against it. The
// account throttle and the per-call latency (throttle.ts) apply to every call, phantom
// connections (phantoms.ts) answer like open ones without a socket.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { ConnectionRegistry, GatewayConnection } from './connectionRegistry';
import type { FaultInjector, FaultOperation } from './faults';
import { readBody, sendAwsError, sendEmpty, sendJson } from './httpMessages';
import type { PhantomConnections } from './phantoms';
import type { AccountThrottle } from './throttle';

export interface ManagementApiDeps {
  stage: string;
  registry: ConnectionRegistry;
  faults: FaultInjector;
  throttle: AccountThrottle;
  phantoms: PhantomConnections;
  /** Bodies longer than this answer 413 PayloadTooLargeException. */
  maxPostBytes: number;
  /** Sends a text frame to an open connection. */
  post(connection: GatewayConnection, data: Buffer): void;
  /** Starts closing an open connection (its $disconnect follows once the socket is closed). */
  disconnect(connection: GatewayConnection): void;
}

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const OPERATIONS: Record<string, FaultOperation> = {
  POST: 'postToConnection',
  GET: 'getConnection',
  DELETE: 'deleteConnection',
};

const PATH = /^\/([^/]+)\/@connections\/([^/]+)\/?$/;

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** A phantom answers like an open connection (nothing to send, nothing to close); others are gone. */
function answerPhantom(
  phantoms: PhantomConnections,
  operation: FaultOperation,
  connectionId: string,
  res: ServerResponse,
): void {
  const known =
    operation === 'postToConnection'
      ? phantoms.post(connectionId)
      : operation === 'deleteConnection'
        ? phantoms.remove(connectionId)
        : phantoms.has(connectionId);
  if (!known) sendAwsError(res, 410, 'Gone');
  else if (operation === 'postToConnection') sendEmpty(res, 200);
  else if (operation === 'deleteConnection') sendEmpty(res, 204);
  else {
    const at = new Date(0).toISOString();
    sendJson(res, 200, {
      connectedAt: at,
      identity: { sourceIp: '0.0.0.0', userAgent: 'phantom' },
      lastActiveAt: at,
    });
  }
}

export function createManagementApi(deps: ManagementApiDeps): HttpHandler {
  const { stage, registry, faults } = deps;

  return async (req, res) => {
    const pathname = (req.url ?? '/').split('?')[0]!;
    const match = PATH.exec(pathname);
    const operation = OPERATIONS[req.method ?? ''];
    // AWS answers unknown paths, methods and stages with 403 (Missing Authentication Token).
    if (!match || !operation || decode(match[1]!) !== stage) {
      req.resume();
      sendAwsError(res, 403, 'Forbidden');
      return;
    }
    const connectionId = decode(match[2]!);
    const body = operation === 'postToConnection' ? await readBody(req, deps.maxPostBytes) : undefined;
    if (!body) req.resume();
    if (connectionId === undefined) {
      sendAwsError(res, 400, 'Invalid connection id');
      return;
    }
    if (body?.tooLarge) {
      sendAwsError(res, 413, `Request body exceeds the maximum of ${deps.maxPostBytes} bytes`);
      return;
    }
    // The bucket is checked on arrival, as AWS throttles at the front door; the answer (429 too)
    // comes after the call's latency.
    const admitted = deps.throttle.admit();
    const latencyMs = deps.throttle.latencyMs;
    if (latencyMs > 0) await delay(latencyMs);
    if (!admitted) {
      sendAwsError(res, 429, 'Too Many Requests');
      return;
    }
    const injected = faults.draw(operation, connectionId);
    if (injected !== undefined) {
      sendAwsError(res, injected, `Injected fault (${operation})`);
      return;
    }
    const connection = registry.getOpen(connectionId);
    if (!connection) {
      answerPhantom(deps.phantoms, operation, connectionId, res);
      return;
    }
    switch (operation) {
      case 'postToConnection':
        deps.post(connection, body!.bytes);
        sendEmpty(res, 200);
        return;
      case 'getConnection':
        sendJson(res, 200, {
          connectedAt: new Date(connection.connectedAt).toISOString(),
          identity: { sourceIp: connection.identity.sourceIp, userAgent: connection.identity.userAgent },
          lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
        });
        return;
      case 'deleteConnection':
        deps.disconnect(connection);
        sendEmpty(res, 204);
        return;
    }
  };
}
