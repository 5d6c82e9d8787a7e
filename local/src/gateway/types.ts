// Types shared by the gateway's parts. Kept apart so the pure builders do not depend on sockets.

/** What a route key maps to (from a function's `websocket` event in serverless.yml). */
export interface GatewayRoute {
  /** Qualified Lambda name handed to the invoker, e.g. `chorus-messages-local-sendMessage`. */
  functionName: string;
  /** True when the route has a `$default` route response: the result's `body` goes back to the caller. */
  routeResponse: boolean;
  /** A Lambda REQUEST authorizer run before the integration (only `$connect` may have one). */
  authorizer?: GatewayAuthorizer;
}

export interface GatewayAuthorizer {
  /** Qualified Lambda name of the authorizer function. */
  functionName: string;
  /** `route.request.querystring.<name>` or `route.request.header.<name>`; all must be present. */
  identitySources: string[];
}

/** Route key (`$connect`, `$disconnect`, `$default`, `sendMessage`, …) → route. */
export type RouteTable = Record<string, GatewayRoute>;

/** The logging surface the gateway needs; Powertools' `Logger` and `console` both satisfy it. */
export interface GatewayLogger {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** Fixed facts about the emulated API that appear in every event. */
export interface ApiFacts {
  apiId: string;
  stage: string;
  domainName: string;
}

/** Who opened a connection, as API Gateway reports it in `identity` and GetConnection. */
export interface ConnectionIdentity {
  sourceIp: string;
  userAgent: string;
}
