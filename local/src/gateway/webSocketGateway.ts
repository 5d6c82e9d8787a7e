// The API Gateway WebSocket emulator: one http.Server carrying the WebSocket endpoint
// (`/{stage}`), the @connections management API and the `/_chorus/` admin API. This file only
// wires the parts together and owns each connection's lifecycle; the parts are pure or small:
// event builders, route selection, limits, registry, management/admin APIs, fault injection.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData, type ServerOptions } from 'ws';
import type { LambdaInvoker } from '../runtime/types';
import { createAdminApi, ADMIN_PREFIX, type AdminExtension } from './adminApi';
import { redactQuery } from './authorizer';
import { ConnectionRegistry, type GatewayConnection } from './connectionRegistry';
import { isApiId, newApiId, newGatewayId } from './connectionIds';
import { FaultInjector } from './faults';
import { PhantomConnections } from './phantoms';
import { AccountThrottle, type ThrottleSettings } from './throttle';
import { FrameInspector, isDataFrame, type FrameHeader } from './frameInspector';
import { rejectHandshake, sourceIpOf, upgradeProblem } from './handshake';
import { sendAwsError } from './httpMessages';
import { InvocationTracker } from './invocations';
import { LifecycleRoutes } from './lifecycleRoutes';
import {
  CLOSE_ABNORMAL,
  CLOSE_GOING_AWAY,
  CLOSE_MESSAGE_TOO_BIG,
  CLOSE_UNSUPPORTED_DATA,
  ConnectionTimers,
  resolveLimits,
  type CloseSpec,
  type GatewayLimits,
} from './limits';
import { consoleLogger } from './logger';
import { createManagementApi, type HttpHandler } from './managementApi';
import { MessageDispatcher, type NonSuccessMessageResponse } from './messageDispatcher';
import { compileRouteSelectionExpression } from './routeSelection';
import type { ApiFacts, GatewayLogger, RouteTable } from './types';

export interface WebSocketGatewayOptions {
  /** Invokes the function behind a route (the worker-thread runtime, or a fake in tests). */
  invoker: LambdaInvoker;
  /** Route key → function. `$connect` and `$disconnect` are optional, as in AWS. */
  routes: RouteTable;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port to bind; 0 picks a free one (default 3001). */
  port?: number;
  /** 10 lowercase alphanumerics (default: random). */
  apiId?: string;
  /** Stage, the first path segment of both endpoints (default `local`). */
  stage?: string;
  /** Region used in the default domainName and the authorizer's methodArn (default `us-east-1`). */
  region?: string;
  /** Account in the authorizer's methodArn (default `000000000000`). */
  accountId?: string;
  /** `requestContext.domainName` (default `{apiId}.execute-api.{region}.amazonaws.com`). */
  domainName?: string;
  /** Default `$request.body.action`. */
  routeSelectionExpression?: string;
  limits?: Partial<GatewayLimits>;
  /** [U] Default `internal-error` (one AWS report); a capture shows `nothing`; serverless-offline does `send-body`. */
  nonSuccessMessageResponse?: NonSuccessMessageResponse;
  /** [U] statusCode assumed when $connect returns no numeric statusCode (default 200, i.e. accept). */
  connectDefaultStatusCode?: number;
  /** How long to wait for the client's close frame before cutting the socket (default 3000 ms). */
  closeHandshakeTimeoutMs?: number;
  logger?: GatewayLogger;
  /** Randomness for fault probabilities (tests pin it). */
  random?: () => number;
  /** Further `/_chorus/` routes served on this server (e.g. the function runtime's fault switch). */
  adminExtensions?: readonly AdminExtension[];
  /** Secret the `/_chorus/` endpoints require (see adminApi); a random one when not given. */
  adminSecret?: string;
  /** The account throttle and per-call latency from the start (default: off; see throttle.ts). */
  throttle?: ThrottleSettings;
  /** How a restart waits out its downtime (tests hold the gateway down as long as they need). */
  sleep?: (ms: number) => Promise<void>;
}

/** A registry record plus what only the gateway needs to finish it exactly once. */
interface LiveConnection extends GatewayConnection {
  connectAccepted: boolean;
  /** principalId plus the context of $connect's authorizer, repeated on every later event. */
  authorizer?: Record<string, string>;
  inspector?: FrameInspector;
  timers?: ConnectionTimers;
  /** Settles once $disconnect has been invoked and has returned (or was not due). */
  finished: Promise<void>;
  settle(): void;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** The close code `ws` uses when it fails a connection itself (it keeps the code in a private symbol). */
function closeSpecForWsError(error: Error & { code?: string }): CloseSpec {
  if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return CLOSE_MESSAGE_TOO_BIG;
  if (error.code === 'WS_ERR_INVALID_UTF8') return { code: 1007, reason: 'Invalid frame payload data' };
  return { code: 1002, reason: 'Protocol error' };
}

export class WebSocketGateway {
  readonly apiId: string;
  readonly stage: string;
  readonly region: string;
  readonly limits: GatewayLimits;

  private readonly api: ApiFacts;
  private readonly host: string;
  private readonly requestedPort: number;
  private readonly logger: GatewayLogger;
  private readonly lifecycle: LifecycleRoutes;
  private readonly messages: MessageDispatcher;
  private readonly registry = new ConnectionRegistry<LiveConnection>();
  private readonly work: InvocationTracker;
  private readonly faultInjector: FaultInjector;
  private readonly accountThrottle = new AccountThrottle();
  private readonly phantomConnections = new PhantomConnections();
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly protocols = new WeakMap<IncomingMessage, string>();
  private readonly managementApi: HttpHandler;
  private readonly adminApi: HttpHandler;
  /** What callers of the `/_chorus/` endpoints send in ADMIN_SECRET_HEADER. */
  readonly adminSecret: string;
  private boundPort: number | undefined;
  private closing: Promise<void> | undefined;
  private restarting: Promise<void> | undefined;
  private restartCount = 0;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: WebSocketGatewayOptions) {
    this.apiId = options.apiId ?? newApiId();
    if (!isApiId(this.apiId)) {
      throw new RangeError(`apiId must be 10 lowercase alphanumerics, got ${this.apiId}`);
    }
    this.stage = options.stage ?? 'local';
    this.region = options.region ?? 'us-east-1';
    this.api = {
      apiId: this.apiId,
      stage: this.stage,
      domainName: options.domainName ?? `${this.apiId}.execute-api.${this.region}.amazonaws.com`,
    };
    this.host = options.host ?? '127.0.0.1';
    this.requestedPort = options.port ?? 3001;
    this.limits = resolveLimits(options.limits);
    this.logger = options.logger ?? consoleLogger;
    this.work = new InvocationTracker(options.invoker);
    this.faultInjector = new FaultInjector(options.random);
    if (options.throttle !== undefined) this.accountThrottle.set(options.throttle);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const routes: RouteTable = { ...options.routes };
    const integration = {
      api: this.api,
      routes,
      work: this.work,
      integrationTimeoutMs: this.limits.integrationTimeoutMs,
      logger: this.logger,
    };
    this.lifecycle = new LifecycleRoutes({
      ...integration,
      connectDefaultStatusCode: options.connectDefaultStatusCode ?? 200,
      region: this.region,
      accountId: options.accountId ?? '000000000000',
    });
    this.messages = new MessageDispatcher({
      ...integration,
      selector: compileRouteSelectionExpression(options.routeSelectionExpression ?? '$request.body.action'),
      nonSuccessMessageResponse: options.nonSuccessMessageResponse ?? 'internal-error',
    });

    const serverOptions: ServerOptions & { closeTimeout: number } = {
      noServer: true,
      maxPayload: this.limits.maxMessageBytes,
      perMessageDeflate: false,
      // ws ≥ 8.18 option, not yet in @types/ws: how long a close handshake may take.
      closeTimeout: options.closeHandshakeTimeoutMs ?? 3000,
      // AWS echoes a subprotocol only when $connect returned it in Sec-WebSocket-Protocol.
      handleProtocols: (offered, req) => {
        const chosen = this.protocols.get(req);
        return chosen !== undefined && offered.has(chosen) ? chosen : false;
      },
    };
    this.wss = new WebSocketServer(serverOptions);
    this.managementApi = createManagementApi({
      stage: this.stage,
      registry: this.registry,
      faults: this.faultInjector,
      throttle: this.accountThrottle,
      phantoms: this.phantomConnections,
      maxPostBytes: this.limits.maxPostBytes,
      post: (connection, data) => this.post(connection as LiveConnection, data),
      disconnect: (connection) =>
        this.closeConnection(connection as LiveConnection, this.limits.deleteConnectionClose),
    });
    this.adminSecret = options.adminSecret ?? randomBytes(24).toString('base64url');
    this.adminApi = createAdminApi({
      secret: this.adminSecret,
      faults: this.faultInjector,
      throttle: this.accountThrottle,
      phantoms: this.phantomConnections,
      extensions: options.adminExtensions ?? [],
      listConnections: () => this.registry.summaries(),
      dropAll: async (wait) => {
        const dropped = this.registry.all();
        const finished = Promise.all(dropped.map((connection) => this.drop(connection)));
        if (wait) await finished;
        return dropped.length;
      },
      restart: (downMs) => this.restart(downMs),
      restarts: () => this.restartCount,
      drop: async (connectionId, wait) => {
        const connection = this.registry.get(connectionId);
        const finished = connection ? this.drop(connection) : undefined;
        if (wait) await finished;
        return connection !== undefined;
      },
    });
    this.server = createServer((req, res) => this.onRequest(req, res));
    // Delivery workers reuse keep-alive sockets; outlast their idle time so a post does not race
    // the server closing the socket (Node's 5 s default makes ECONNRESET likely under load).
    this.server.keepAliveTimeout = 65_000;
    this.server.headersTimeout = 66_000;
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.onUpgrade(req, socket, head),
    );
  }

  /** Fault switches for the @connections API (also reachable over HTTP at `/_chorus/faults`). */
  get faults(): FaultInjector {
    return this.faultInjector;
  }

  /** The account throttle and latency of the @connections API (also at `/_chorus/throttle`). */
  get throttle(): AccountThrottle {
    return this.accountThrottle;
  }

  /** Socketless connections PostToConnection counts (also at `/_chorus/phantoms`). */
  get phantoms(): PhantomConnections {
    return this.phantomConnections;
  }

  /** The bound port (after `listen()`). */
  get port(): number {
    if (this.boundPort === undefined) throw new Error('WebSocketGateway: call listen() first');
    return this.boundPort;
  }

  /** `ws://127.0.0.1:<port>/<stage>` */
  get websocketUrl(): string {
    return `ws://${this.urlHost()}:${this.port}/${this.stage}`;
  }

  /** `http://127.0.0.1:<port>/<stage>`: the ApiGatewayManagementApiClient `endpoint`. */
  get managementEndpoint(): string {
    return `http://${this.urlHost()}:${this.port}/${this.stage}`;
  }

  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen(this.requestedPort, this.host, () => {
        this.server.off('error', onError);
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve(this.boundPort);
      });
    });
  }

  /**
   * Closes every socket with 1001 (each gets its $disconnect), waits for all invocations in
   * flight, then stops the server. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const connection of this.registry.all()) this.closeConnection(connection, CLOSE_GOING_AWAY);
      await this.work.drain();
      this.wss.close();
      this.server.closeAllConnections();
      if (this.boundPort !== undefined) await stopped;
    })();
    return this.closing;
  }

  /**
   * Fault injection: the gateway dies and comes back on the same port, like an API Gateway node
   * lost under its clients. Every socket is cut without a close frame (each gets its $disconnect,
   * as AWS does best-effort), the listener closes so new handshakes and @connections calls are
   * refused (ECONNREFUSED) for `downMs`, then it listens again with an empty registry.
   */
  restart(downMs: number): Promise<void> {
    if (this.closing) return Promise.reject(new Error('WebSocketGateway: closing, cannot restart'));
    this.restarting ??= (async () => {
      const port = this.port;
      this.logger.warn('Gateway restart: going down', { downMs, connections: this.registry.all().length });
      const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const connection of this.registry.all()) void this.drop(connection);
      // Keep-alive @connections and admin sockets too: a dead node answers nothing.
      this.server.closeAllConnections();
      await stopped;
      await this.sleep(downMs);
      if (this.closing) return;
      try {
        await new Promise<void>((resolve, reject) => {
          this.server.once('error', reject);
          this.server.listen(port, this.host, () => {
            this.server.off('error', reject);
            resolve();
          });
        });
      } catch (error) {
        // Someone took the port meanwhile: say so loudly, the gateway is gone for good.
        this.logger.error('Gateway restart: could not listen again', { port, error: String(error) });
        throw error;
      }
      this.restartCount += 1;
      this.logger.warn('Gateway restart: back', { port, restarts: this.restartCount });
    })().finally(() => (this.restarting = undefined));
    return this.restarting;
  }

  /** How many restarts completed (see restart()). */
  get restarts(): number {
    return this.restartCount;
  }

  private urlHost(): string {
    if (this.host === '0.0.0.0' || this.host === '::' || this.host === '') return '127.0.0.1';
    return this.host.includes(':') ? `[${this.host}]` : this.host;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const handler = (req.url ?? '').startsWith(ADMIN_PREFIX) ? this.adminApi : this.managementApi;
    handler(req, res).catch((error: unknown) => {
      this.logger.error('Gateway HTTP request failed', {
        method: req.method,
        url: redactQuery(req.url ?? ''),
        error: String(error),
      });
      if (!res.headersSent) sendAwsError(res, 500, 'Internal server error');
      else res.destroy();
    });
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (error) =>
      this.logger.debug('Socket error during handshake', { error: String(error) }),
    );
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    if (this.closing) return rejectHandshake(socket, 503, '{"message": "Service Unavailable"}');
    if (url.pathname !== `/${this.stage}` && url.pathname !== `/${this.stage}/`) {
      return rejectHandshake(socket, 403, '{"message":"Forbidden"}');
    }
    const problem = upgradeProblem(req);
    if (problem !== undefined) return rejectHandshake(socket, problem, '{"message":"Bad Request"}');

    const connectedAt = Date.now();
    let settle = (): void => undefined;
    const finished = new Promise<void>((resolve) => (settle = resolve));
    const connection: LiveConnection = {
      connectionId: newGatewayId(),
      connectedAt,
      lastActiveAt: connectedAt,
      identity: { sourceIp: sourceIpOf(req), userAgent: req.headers['user-agent'] ?? '' },
      host: req.headers.host ?? this.api.domainName,
      state: 'connecting',
      rawSocket: socket,
      connectAccepted: false,
      finished,
      settle,
    };
    this.registry.add(connection);
    void this.work.track(finished);
    void this.work.track(this.handshake(connection, req, head, url.search));
  }

  /** Runs $connect while the upgrade waits, then completes or rejects the handshake. */
  private async handshake(connection: LiveConnection, req: IncomingMessage, head: Buffer, search: string) {
    const { rawSocket } = connection;
    const port = this.boundPort ?? this.requestedPort;
    const decision = await this.lifecycle.connect(connection, { req, search, port });
    if (!decision.accept) {
      rejectHandshake(rawSocket, decision.status, decision.body, decision.contentType);
      return this.finish(connection, CLOSE_ABNORMAL);
    }
    if (decision.protocol !== undefined) this.protocols.set(req, decision.protocol);
    // Every later event of the connection repeats what the authorizer returned.
    if (decision.authorizer !== undefined) connection.authorizer = decision.authorizer;
    connection.connectAccepted = true;
    if (connection.state !== 'connecting' || rawSocket.destroyed || this.closing) {
      // Dropped, gone or shutting down while $connect ran: it did connect, so it gets a $disconnect.
      rawSocket.destroy();
      return this.finish(connection, connection.closeCause ?? CLOSE_ABNORMAL);
    }
    this.wss.handleUpgrade(req, rawSocket, head, (ws) => this.attach(connection, ws));
    // handleUpgrade calls back synchronously or not at all (it then answered with an error itself).
    if (connection.state === 'connecting') this.finish(connection, CLOSE_ABNORMAL);
  }

  /** The 101 went out: the connection is open for messages and @connections calls. */
  private attach(connection: LiveConnection, ws: WebSocket): void {
    connection.socket = ws;
    connection.state = 'open';
    connection.lastActiveAt = Date.now();
    const inspector = new FrameInspector((header) => this.onFrame(connection, header));
    connection.rawSocket.prependListener('data', (chunk: Buffer) => inspector.push(chunk));
    connection.inspector = inspector;
    connection.timers = new ConnectionTimers(
      this.limits,
      () => this.closeConnection(connection, this.limits.idleClose),
      () => this.closeConnection(connection, this.limits.maxDurationClose),
    );
    connection.timers.start();
    ws.on('message', (data, isBinary) => this.onMessage(connection, data, isBinary));
    ws.on('error', (error: Error & { code?: string }) => {
      // ws fails the connection itself (e.g. a message over maxPayload → 1009) and closes it.
      this.logger.debug('WebSocket error', { connectionId: connection.connectionId, error: error.message });
      connection.closeCause ??= closeSpecForWsError(error);
      if (connection.state === 'open') connection.state = 'closing';
    });
    ws.on('close', (code, reason) => {
      this.finish(connection, connection.closeCause ?? { code, reason: reason.toString('utf8') });
    });
  }

  private onFrame(connection: LiveConnection, header: FrameHeader): void {
    if (connection.state !== 'open') return;
    if (header.payloadLength > this.limits.maxFrameBytes) {
      this.closeConnection(connection, CLOSE_MESSAGE_TOO_BIG);
      return;
    }
    if (isDataFrame(header)) this.markActive(connection);
  }

  private markActive(connection: LiveConnection): void {
    connection.lastActiveAt = Date.now();
    connection.timers?.touch();
  }

  private onMessage(connection: LiveConnection, data: RawData, isBinary: boolean): void {
    if (connection.state !== 'open') return;
    if (isBinary) {
      this.closeConnection(connection, CLOSE_UNSUPPORTED_DATA);
      return;
    }
    // Dispatched at once: API Gateway does not serialize a connection's messages.
    const body = toBuffer(data).toString('utf8');
    void this.work.track(
      this.messages.dispatch(connection, body, (text) => this.sendFrame(connection, text)),
    );
  }

  private sendFrame(connection: LiveConnection, text: string): void {
    if (connection.state !== 'open' || connection.socket?.readyState !== WebSocket.OPEN) return;
    connection.socket.send(text);
  }

  /** PostToConnection: the data goes out as one text frame. */
  private post(connection: LiveConnection, data: Buffer): void {
    connection.socket?.send(data, { binary: false });
    if (this.limits.outboundResetsIdle) this.markActive(connection);
  }

  /** Server-side close with a close frame; $disconnect follows when the socket has closed. */
  private closeConnection(connection: LiveConnection, cause: CloseSpec): void {
    if (connection.state === 'connecting') {
      // $connect is still running; handshake() sees the state and finishes the connection.
      connection.state = 'closing';
      connection.closeCause = cause;
      return;
    }
    if (connection.state !== 'open') return;
    connection.state = 'closing';
    connection.closeCause = cause;
    connection.inspector?.stop();
    connection.timers?.stop();
    connection.socket?.close(cause.code, cause.reason);
  }

  /** Cuts the socket without a close frame, like a dead network. Resolves after its $disconnect. */
  private drop(connection: LiveConnection): Promise<void> {
    if (connection.state === 'open' || connection.state === 'connecting') {
      connection.state = 'closing';
      connection.closeCause = CLOSE_ABNORMAL;
    }
    connection.inspector?.stop();
    connection.timers?.stop();
    if (connection.socket) connection.socket.terminate();
    else connection.rawSocket.destroy();
    return connection.finished;
  }

  /** Exactly once per connection: forget it and, if $connect accepted it, invoke $disconnect. */
  private finish(connection: LiveConnection, cause: CloseSpec): void {
    if (connection.state === 'closed') return;
    connection.state = 'closed';
    connection.inspector?.stop();
    connection.timers?.stop();
    this.registry.remove(connection.connectionId);
    if (!connection.connectAccepted) {
      connection.settle();
      return;
    }
    void this.lifecycle.disconnect(connection, cause).finally(() => connection.settle());
  }
}
