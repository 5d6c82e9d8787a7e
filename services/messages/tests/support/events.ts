// Builds a fresh API Gateway WebSocket MESSAGE event per call, shaped like what AWS (and the local
// gateway) deliver: 16-character ids, epoch-ms times, body as a string.
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

/** API Gateway style id: base64url of 11 random bytes plus '=' (16 characters). */
export function gatewayId(): string {
  return `${randomBytes(11).toString('base64url').slice(0, 15)}=`;
}

export interface MessageEventOptions {
  routeKey: string;
  /** A frame object (serialised) or a raw body string. */
  body: unknown;
  connectionId?: string;
  requestId?: string;
}

export function websocketMessageEvent(options: MessageEventOptions): APIGatewayProxyWebsocketEventV2 {
  const now = Date.now();
  const requestId = options.requestId ?? gatewayId();
  return {
    requestContext: {
      routeKey: options.routeKey,
      eventType: 'MESSAGE',
      messageId: gatewayId(),
      extendedRequestId: requestId,
      requestTime: new Date(now).toUTCString(),
      messageDirection: 'IN',
      stage: 'test',
      connectedAt: now - 5_000,
      requestTimeEpoch: now,
      requestId,
      domainName: 'abcdefghij.execute-api.us-east-1.amazonaws.com',
      connectionId: options.connectionId ?? gatewayId(),
      apiId: 'abcdefghij',
    },
    body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}
