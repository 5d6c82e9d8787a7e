// The $connect and $disconnect integrations: build their events, invoke, and turn the $connect
// result into a handshake decision. $disconnect is best-effort: failures are logged, never thrown.
import type { IncomingMessage } from 'node:http';
import { newGatewayId } from './connectionIds';
import {
  buildConnectEvent,
  buildDisconnectEvent,
  rawHeaderPairs,
  type ConnectionFacts,
} from './eventBuilders';
import { connectHeaders, traceId } from './handshake';
import {
  CONNECT_FAILED_BODY,
  isSuccessStatus,
  resultBody,
  resultHeader,
  resultStatusCode,
} from './integrationResponses';
import type { InvocationTracker } from './invocations';
import type { CloseSpec } from './limits';
import type { ApiFacts, GatewayLogger, RouteTable } from './types';

export type ConnectDecision =
  { accept: true; protocol?: string } | { accept: false; status: number; body: string; contentType: string };

export interface LifecycleRoutesDeps {
  api: ApiFacts;
  routes: RouteTable;
  work: InvocationTracker;
  integrationTimeoutMs: number;
  /** [U] statusCode assumed when $connect returns no numeric one. */
  connectDefaultStatusCode: number;
  logger: GatewayLogger;
}

export interface UpgradeFacts {
  req: IncomingMessage;
  search: string;
  /** The gateway's port, reported as X-Forwarded-Port. */
  port: number;
}

export class LifecycleRoutes {
  constructor(private readonly deps: LifecycleRoutesDeps) {}

  /** Runs $connect (if routed): 2xx accepts, another statusCode rejects with it, a failure → 502. */
  async connect(connection: ConnectionFacts, upgrade: UpgradeFacts): Promise<ConnectDecision> {
    const { api, routes, work, logger } = this.deps;
    const route = routes['$connect'];
    if (!route) return { accept: true };
    const requestId = newGatewayId();
    const { connectionId } = connection;
    const event = buildConnectEvent({
      api,
      connection,
      requestId,
      search: upgrade.search,
      headers: connectHeaders(rawHeaderPairs(upgrade.req.rawHeaders), {
        sourceIp: connection.identity.sourceIp,
        port: upgrade.port,
        proto: 'http',
        traceId: traceId(connection.connectedAt),
      }),
    });
    const outcome = await work.invoke(route.functionName, event, this.deps.integrationTimeoutMs);
    if (!outcome.ok) {
      logger.error('$connect integration failed; rejecting the handshake with 502', {
        requestId,
        connectionId,
        functionName: route.functionName,
        lambdaRequestId: outcome.requestId,
        error: outcome.error,
      });
      return { accept: false, status: 502, body: CONNECT_FAILED_BODY, contentType: 'application/json' };
    }
    const status = resultStatusCode(outcome.result) ?? this.deps.connectDefaultStatusCode;
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      logger.error('$connect returned an invalid statusCode; rejecting the handshake with 502', {
        requestId,
        connectionId,
        status,
      });
      return { accept: false, status: 502, body: CONNECT_FAILED_BODY, contentType: 'application/json' };
    }
    if (!isSuccessStatus(status)) {
      logger.info('$connect rejected the connection', { requestId, connectionId, status });
      const body = resultBody(outcome.result) ?? '';
      return { accept: false, status, body, contentType: 'text/plain; charset=utf-8' };
    }
    const protocol = resultHeader(outcome.result, 'Sec-WebSocket-Protocol');
    return protocol === undefined ? { accept: true } : { accept: true, protocol };
  }

  /** Invokes $disconnect (if routed) with the close code and reason; resolves when it has returned. */
  async disconnect(connection: ConnectionFacts & { host: string }, cause: CloseSpec): Promise<void> {
    const { api, routes, work, logger } = this.deps;
    const route = routes['$disconnect'];
    if (!route) return;
    const requestId = newGatewayId();
    const event = buildDisconnectEvent({
      api,
      connection,
      request: { requestId, requestTimeEpoch: Date.now() },
      host: connection.host,
      statusCode: cause.code,
      reason: cause.reason,
    });
    const outcome = await work.invoke(route.functionName, event, this.deps.integrationTimeoutMs);
    if (outcome.ok) return;
    logger.error('$disconnect integration failed', {
      requestId,
      connectionId: connection.connectionId,
      functionName: route.functionName,
      lambdaRequestId: outcome.requestId,
      error: outcome.error,
    });
  }
}
