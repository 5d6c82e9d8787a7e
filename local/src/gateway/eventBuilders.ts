// Pure builders for the Lambda proxy events API Gateway sends on $connect, on every message and on
// $disconnect (docs/aws-behaviours.md#events). No sockets, clocks or randomness: callers pass them in,
// so tests can pin every field.
import type { ApiFacts, ConnectionIdentity } from './types';

/** What stays the same in every event of one connection. */
export interface ConnectionFacts {
  connectionId: string;
  /** Epoch ms of the upgrade request; identical in every event of the connection. */
  connectedAt: number;
  identity: ConnectionIdentity;
  /** principalId plus the authorizer's context (values as strings), once $connect's authorizer allowed it. */
  authorizer?: Record<string, string>;
}

/** What is new for each event. */
export interface RequestFacts {
  requestId: string;
  /** Epoch ms. On CONNECT it equals `connectedAt`. */
  requestTimeEpoch: number;
}

export type HeaderMap = Record<string, string>;
export type MultiValueHeaderMap = Record<string, string[]>;

export interface WebSocketRequestContext {
  routeKey: string;
  eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  messageId?: string;
  extendedRequestId: string;
  requestId: string;
  requestTime: string;
  requestTimeEpoch: number;
  connectedAt: number;
  messageDirection: 'IN';
  stage: string;
  domainName: string;
  apiId: string;
  connectionId: string;
  identity: ConnectionIdentity;
  disconnectStatusCode?: number;
  disconnectReason?: string;
  authorizer?: Record<string, string>;
}

export interface WebSocketEvent {
  requestContext: WebSocketRequestContext;
  headers?: HeaderMap;
  multiValueHeaders?: MultiValueHeaderMap;
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  body?: string;
  isBase64Encoded: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Common Log Format time in UTC, as in `requestTime`: `20/Jan/2024:11:55:08 +0000`. */
export function formatRequestTime(epochMs: number): string {
  const d = new Date(epochMs);
  const date = `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}`;
  return `${date}:${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

/**
 * Single- and multi-value header maps from header pairs in arrival order (node's `rawHeaders`
 * flattened to pairs), keeping the client's spelling. The single-value map keeps the last value.
 */
export function headerMaps(pairs: ReadonlyArray<readonly [string, string]>): {
  headers: HeaderMap;
  multiValueHeaders: MultiValueHeaderMap;
} {
  const headers: HeaderMap = {};
  const multiValueHeaders: MultiValueHeaderMap = {};
  for (const [name, value] of pairs) {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  return { headers, multiValueHeaders };
}

/** node's flat `rawHeaders` list as [name, value] pairs. */
export function rawHeaderPairs(rawHeaders: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return pairs;
}

/**
 * Query maps from a URL search string (`?a=1&a=2`), decoded. Undefined when the URL has no query
 * string, because API Gateway leaves both fields out then.
 */
export function queryMaps(search: string):
  | {
      queryStringParameters: Record<string, string>;
      multiValueQueryStringParameters: Record<string, string[]>;
    }
  | undefined {
  const query = search.startsWith('?') ? search.slice(1) : search;
  if (query === '') return undefined;
  const queryStringParameters: Record<string, string> = {};
  const multiValueQueryStringParameters: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    queryStringParameters[name] = value;
    (multiValueQueryStringParameters[name] ??= []).push(value);
  }
  return { queryStringParameters, multiValueQueryStringParameters };
}

function requestContext(
  api: ApiFacts,
  connection: ConnectionFacts,
  request: RequestFacts,
  routeKey: string,
  eventType: WebSocketRequestContext['eventType'],
): WebSocketRequestContext {
  return {
    routeKey,
    eventType,
    extendedRequestId: request.requestId,
    requestId: request.requestId,
    requestTime: formatRequestTime(request.requestTimeEpoch),
    requestTimeEpoch: request.requestTimeEpoch,
    connectedAt: connection.connectedAt,
    messageDirection: 'IN',
    stage: api.stage,
    domainName: api.domainName,
    apiId: api.apiId,
    connectionId: connection.connectionId,
    identity: { sourceIp: connection.identity.sourceIp, userAgent: connection.identity.userAgent },
    // AWS repeats the authorizer's output on every event of the connection.
    ...(connection.authorizer === undefined ? {} : { authorizer: { ...connection.authorizer } }),
  };
}

export interface ConnectEventInput {
  api: ApiFacts;
  connection: ConnectionFacts;
  requestId: string;
  /** The upgrade request's headers, already including the ones the gateway adds (X-Forwarded-*). */
  headers: ReadonlyArray<readonly [string, string]>;
  /** The upgrade URL's search string, '' when there is none. */
  search: string;
}

/** The `$connect` event. requestTimeEpoch equals connectedAt. */
export function buildConnectEvent(input: ConnectEventInput): WebSocketEvent {
  const { api, connection } = input;
  const request = { requestId: input.requestId, requestTimeEpoch: connection.connectedAt };
  return {
    requestContext: requestContext(api, connection, request, '$connect', 'CONNECT'),
    ...headerMaps(input.headers),
    ...queryMaps(input.search),
    isBase64Encoded: false,
  };
}

/** The event a REQUEST authorizer gets on `$connect` (docs/aws-behaviours.md#authorizer). */
export interface AuthorizerEvent {
  type: 'REQUEST';
  methodArn: string;
  headers: HeaderMap;
  multiValueHeaders: MultiValueHeaderMap;
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  stageVariables: Record<string, string>;
  requestContext: WebSocketRequestContext;
}

export interface AuthorizerEventInput extends ConnectEventInput {
  region: string;
  accountId: string;
}

/** `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/$connect`. */
export function connectMethodArn(api: ApiFacts, region: string, accountId: string): string {
  return `arn:aws:execute-api:${region}:${accountId}:${api.apiId}/${api.stage}/$connect`;
}

export function buildAuthorizerEvent(input: AuthorizerEventInput): AuthorizerEvent {
  const connect = buildConnectEvent(input);
  return {
    type: 'REQUEST',
    methodArn: connectMethodArn(input.api, input.region, input.accountId),
    headers: connect.headers ?? {},
    multiValueHeaders: connect.multiValueHeaders ?? {},
    ...queryMaps(input.search),
    stageVariables: {},
    requestContext: connect.requestContext,
  };
}

export interface MessageEventInput {
  api: ApiFacts;
  connection: ConnectionFacts;
  request: RequestFacts;
  messageId: string;
  routeKey: string;
  body: string;
}

/** The event for one incoming text message (any route but $connect/$disconnect). */
export function buildMessageEvent(input: MessageEventInput): WebSocketEvent {
  const context = requestContext(input.api, input.connection, input.request, input.routeKey, 'MESSAGE');
  return {
    requestContext: { ...context, messageId: input.messageId },
    body: input.body,
    isBase64Encoded: false,
  };
}

export interface DisconnectEventInput {
  api: ApiFacts;
  connection: ConnectionFacts;
  request: RequestFacts;
  /** The Host the client connected to (AWS repeats it in the DISCONNECT headers). */
  host: string;
  statusCode: number;
  reason: string;
}

/** The `$disconnect` event, with the fixed small header set API Gateway sends. */
export function buildDisconnectEvent(input: DisconnectEventInput): WebSocketEvent {
  const context = requestContext(input.api, input.connection, input.request, '$disconnect', 'DISCONNECT');
  const pairs: Array<[string, string]> = [
    ['Host', input.host],
    ['x-api-key', ''],
    ['X-Forwarded-For', input.connection.identity.sourceIp],
    ['x-restapi', ''],
  ];
  return {
    requestContext: { ...context, disconnectStatusCode: input.statusCode, disconnectReason: input.reason },
    ...headerMaps(pairs),
    isBase64Encoded: false,
  };
}
