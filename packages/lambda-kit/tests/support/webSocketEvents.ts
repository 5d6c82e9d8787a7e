// Factories for API Gateway WebSocket proxy events, shaped like what AWS sends (see
// docs/aws-behaviours.md): every call returns a fresh object with fresh ids.
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyWebsocketEventV2, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';

/** 16 characters: base64url of 11 random bytes plus `=`, like API Gateway's ids. */
export function gatewayId(): string {
  return `${randomBytes(11).toString('base64url').slice(0, 15)}=`;
}

function clf(epochMs: number): string {
  const d = new Date(epochMs);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${month}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

interface EventOptions {
  connectionId?: string;
  connectedAt?: number;
  requestTimeEpoch?: number;
}

function requestContext(
  routeKey: string,
  eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT',
  options: EventOptions,
): APIGatewayProxyWebsocketEventV2['requestContext'] & Record<string, unknown> {
  const connectedAt = options.connectedAt ?? 1_764_000_000_000;
  const requestTimeEpoch =
    options.requestTimeEpoch ?? (eventType === 'CONNECT' ? connectedAt : connectedAt + 5_000);
  const requestId = gatewayId();
  const context = {
    routeKey,
    eventType,
    extendedRequestId: requestId,
    requestTime: clf(requestTimeEpoch),
    messageDirection: 'IN' as const,
    stage: 'dev',
    connectedAt,
    requestTimeEpoch,
    identity: { sourceIp: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' },
    requestId,
    domainName: 'dl7ptocha9.execute-api.us-east-1.amazonaws.com',
    connectionId: options.connectionId ?? gatewayId(),
    apiId: 'dl7ptocha9',
    // Typed as required by @types/aws-lambda, but AWS only sends it on MESSAGE events.
    messageId: eventType === 'MESSAGE' ? gatewayId() : (undefined as unknown as string),
  };
  if (eventType !== 'MESSAGE') delete (context as Partial<typeof context>).messageId;
  return context;
}

export function connectEvent(
  query: Record<string, string> | undefined,
  options: EventOptions = {},
): APIGatewayProxyWebsocketEventV2 {
  const event: APIGatewayProxyWebsocketEventV2 & Record<string, unknown> = {
    requestContext: requestContext('$connect', 'CONNECT', options),
    isBase64Encoded: false,
    headers: {
      Host: 'dl7ptocha9.execute-api.us-east-1.amazonaws.com',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      'Sec-WebSocket-Version': '13',
      'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64)',
      'X-Forwarded-For': '203.0.113.7',
      'X-Forwarded-Port': '443',
      'X-Forwarded-Proto': 'https',
    },
  };
  // API Gateway sends the query maps only when the URL has a query string.
  if (query !== undefined) {
    event.queryStringParameters = { ...query };
    event.multiValueQueryStringParameters = Object.fromEntries(
      Object.entries(query).map(([key, value]) => [key, [value]]),
    );
  }
  return event;
}

export function messageEvent(
  routeKey: string,
  body: string | undefined,
  options: EventOptions & { base64?: boolean } = {},
): APIGatewayProxyWebsocketEventV2 {
  const event: APIGatewayProxyWebsocketEventV2 = {
    requestContext: requestContext(routeKey, 'MESSAGE', options),
    isBase64Encoded: options.base64 === true,
  };
  if (body !== undefined) event.body = options.base64 === true ? Buffer.from(body).toString('base64') : body;
  return event;
}

/** A message event whose body is the JSON of `frame`, routed the way API Gateway would. */
export function frameEvent(
  frame: Record<string, unknown>,
  options: EventOptions = {},
): APIGatewayProxyWebsocketEventV2 {
  const action = typeof frame['action'] === 'string' ? frame['action'] : '$default';
  return messageEvent(action, JSON.stringify(frame), options);
}

export function disconnectEvent(options: EventOptions = {}): APIGatewayProxyWebsocketEventV2 {
  return {
    requestContext: {
      ...requestContext('$disconnect', 'DISCONNECT', options),
      disconnectStatusCode: 1001,
      disconnectReason: 'Going away',
    },
    isBase64Encoded: false,
    headers: {
      Host: 'dl7ptocha9.execute-api.us-east-1.amazonaws.com',
      'x-api-key': '',
      'X-Forwarded-For': '',
      'x-restapi': '',
    },
  } as APIGatewayProxyWebsocketEventV2;
}

/** The REQUEST authorizer event API Gateway sends before `$connect` (only when the token is there). */
export function authorizerEvent(
  query: Record<string, string> | undefined,
  options: EventOptions = {},
): APIGatewayRequestAuthorizerEvent {
  const connect = connectEvent(query, options);
  return {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:us-east-1:123456789012:dl7ptocha9/dev/$connect',
    headers: (connect as unknown as { headers: Record<string, string> }).headers,
    multiValueHeaders: {},
    queryStringParameters: connect.queryStringParameters ?? null,
    multiValueQueryStringParameters: connect.multiValueQueryStringParameters ?? null,
    stageVariables: null,
    requestContext: connect.requestContext as unknown as APIGatewayRequestAuthorizerEvent['requestContext'],
  } as APIGatewayRequestAuthorizerEvent;
}

/** The event as API Gateway passes it on after the authorizer allowed the connection. */
export function signedIn<E extends { requestContext: object }>(
  event: E,
  userId: string,
  userName: string,
): E {
  Object.assign(event.requestContext, { authorizer: { principalId: userId, userId, userName } });
  return event;
}
