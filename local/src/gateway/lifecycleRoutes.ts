// The $connect and $disconnect integrations: build their events, invoke, and turn the $connect
// result into a handshake decision. $disconnect is best-effort: failures are logged, never thrown.
import type { IncomingMessage } from 'node:http';
import { newGatewayId } from './connectionIds';
import { authorizerDecision, missingIdentitySource, UNAUTHORIZED_BODY } from './authorizer';
import {
  buildAuthorizerEvent,
  buildConnectEvent,
  buildDisconnectEvent,
  headerMaps,
  queryMaps,
  rawHeaderPairs,
  type ConnectEventInput,
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
import type { ApiFacts, GatewayAuthorizer, GatewayLogger, RouteTable } from './types';

export type ConnectDecision =
  | { accept: true; protocol?: string; authorizer?: Record<string, string> }
  | { accept: false; status: number; body: string; contentType: string };

export interface LifecycleRoutesDeps {
  api: ApiFacts;
  routes: RouteTable;
  work: InvocationTracker;
  integrationTimeoutMs: number;
  /** [U] statusCode assumed when $connect returns no numeric one. */
  connectDefaultStatusCode: number;
  logger: GatewayLogger;
  /** For the authorizer's methodArn. */
  region: string;
  accountId: string;
}

export interface UpgradeFacts {
  req: IncomingMessage;
  search: string;
  /** The gateway's port, reported as X-Forwarded-Port. */
  port: number;
}

export class LifecycleRoutes {
  constructor(private readonly deps: LifecycleRoutesDeps) {}

  /**
   * Runs $connect's authorizer (if any), then $connect (if routed): 2xx accepts, another
   * statusCode rejects with it, a failure → 502.
   */
  async connect(connection: ConnectionFacts, upgrade: UpgradeFacts): Promise<ConnectDecision> {
    const { api, routes } = this.deps;
    const route = routes['$connect'];
    if (!route) return { accept: true };
    const input: ConnectEventInput = {
      api,
      connection,
      requestId: newGatewayId(),
      search: upgrade.search,
      headers: connectHeaders(rawHeaderPairs(upgrade.req.rawHeaders), {
        sourceIp: connection.identity.sourceIp,
        port: upgrade.port,
        proto: 'http',
        traceId: traceId(connection.connectedAt),
      }),
    };
    let authorizer: Record<string, string> | undefined;
    if (route.authorizer !== undefined) {
      const outcome = await this.authorize(route.authorizer, input);
      if (!outcome.accept) return outcome;
      authorizer = outcome.authorizer;
    }
    const decision = await this.runConnect(route.functionName, {
      ...input,
      connection: { ...connection, authorizer },
    });
    return decision.accept && authorizer !== undefined ? { ...decision, authorizer } : decision;
  }

  private async authorize(
    authorizer: GatewayAuthorizer,
    input: ConnectEventInput,
  ): Promise<ConnectDecision & { authorizer?: Record<string, string> }> {
    const { work, logger } = this.deps;
    const { requestId, connection } = input;
    const missing = missingIdentitySource(authorizer.identitySources, {
      query: queryMaps(input.search)?.queryStringParameters,
      headers: headerMaps(input.headers).headers,
    });
    if (missing !== undefined) {
      logger.info('identity source missing; 401 without invoking the authorizer', {
        requestId,
        connectionId: connection.connectionId,
        missing,
      });
      return { accept: false, status: 401, body: UNAUTHORIZED_BODY, contentType: 'application/json' };
    }
    const event = buildAuthorizerEvent({
      ...input,
      region: this.deps.region,
      accountId: this.deps.accountId,
    });
    const outcome = await work.invoke(authorizer.functionName, event, this.deps.integrationTimeoutMs);
    const decision = authorizerDecision(outcome, event.methodArn);
    if (decision.allow) return { accept: true, authorizer: decision.authorizer };
    const log = decision.status === 500 ? logger.error : logger.info;
    log.call(logger, `authorizer refused the connection (${decision.status})`, {
      requestId,
      connectionId: connection.connectionId,
      functionName: authorizer.functionName,
      reason: decision.reason,
    });
    return { accept: false, status: decision.status, body: decision.body, contentType: 'application/json' };
  }

  private async runConnect(functionName: string, input: ConnectEventInput): Promise<ConnectDecision> {
    const { work, logger } = this.deps;
    const { requestId } = input;
    const { connectionId } = input.connection;
    const event = buildConnectEvent(input);
    const outcome = await work.invoke(functionName, event, this.deps.integrationTimeoutMs);
    if (!outcome.ok) {
      logger.error('$connect integration failed; rejecting the handshake with 502', {
        requestId,
        connectionId,
        functionName,
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
