// The shape both WebSocket routes share: parse the frame, call the service, answer with one
// server frame. Two-way routes send the returned body to the caller, so every failure is turned
// into an `error` frame with statusCode 200 — nothing is thrown out of a handler.
import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  encodeServerFrame,
  parseClientFrameOf,
  peekRoomId,
  type ClientFrameOf,
  type ServerFrame,
} from '@chorus/protocol';
import type { MessagesApi } from './messageService';
import { MessagesMetric, type LoggerPort, type MetricsPort } from './telemetry';
import { classifyError, errorFrameFor } from './wireErrors';

export type MessagesAction = 'sendMessage' | 'history';

export interface RouteResponse {
  statusCode: 200;
  body: string;
}

export type RouteHandler = (
  event: APIGatewayProxyWebsocketEventV2,
  context?: Context,
) => Promise<RouteResponse>;

export interface RouteHandlerDeps {
  logger: LoggerPort;
  metrics: MetricsPort;
  /**
   * The service, or a factory run on first use and then kept for the container's life. A factory
   * turns a configuration error into an INTERNAL_ERROR frame and a log line instead of a crash
   * at import time that the client would only see as "Internal server error".
   */
  messages: MessagesApi | (() => MessagesApi);
}

export interface RouteSpec<A extends MessagesAction> {
  action: A;
  /** Counted when the route answers with an error frame. */
  rejectedMetric: MessagesMetric;
  /** Read from the raw body for error frames, so the client can mark the right message failed. */
  clientMsgIdOf?: (body: string | undefined) => string | undefined;
  run(api: MessagesApi, connectionId: string, frame: ClientFrameOf<A>): Promise<ServerFrame>;
}

/** The log fields of a successful answer (never the message text). */
function summarize(frame: ServerFrame): Record<string, unknown> {
  switch (frame.type) {
    case 'ack':
      return {
        responseType: frame.type,
        roomId: frame.roomId,
        messageId: frame.messageId,
        clientMsgId: frame.clientMsgId,
      };
    case 'history':
      return {
        responseType: frame.type,
        roomId: frame.roomId,
        count: frame.messages.length,
        hasMore: frame.hasMore,
      };
    default:
      return { responseType: frame.type };
  }
}

function respond(body: string): RouteResponse {
  return { statusCode: 200, body };
}

export function createRouteHandler<A extends MessagesAction>(
  spec: RouteSpec<A>,
  deps: RouteHandlerDeps,
): RouteHandler {
  const { logger, metrics } = deps;
  let api: MessagesApi | undefined;
  const resolveApi = (): MessagesApi => {
    api ??= typeof deps.messages === 'function' ? deps.messages() : deps.messages;
    return api;
  };

  return async (event, context) => {
    const requestId = event?.requestContext?.requestId ?? 'unknown';
    const connectionId = event?.requestContext?.connectionId ?? 'unknown';
    // Lambda's context adds function name, cold start and the Lambda request id to every line.
    if (context !== undefined) logger.addContext(context);
    logger.appendKeys({ requestId, connectionId, route: spec.action });
    try {
      const frame = parseClientFrameOf(spec.action, event.body);
      const result = await spec.run(resolveApi(), connectionId, frame);
      const body = encodeServerFrame(result);
      logger.info(`${spec.action} answered`, summarize(result));
      return respond(body);
    } catch (error) {
      const wire = classifyError(error, requestId);
      if (wire.severity === 'internal') {
        logger.error(`${spec.action} failed`, { code: wire.code, error: error as Error });
        metrics.addMetric(MessagesMetric.InternalErrors, MetricUnit.Count, 1);
      } else if (wire.severity === 'throttled') {
        logger.warn(`${spec.action} throttled`, { code: wire.code, error: error as Error });
        metrics.addMetric(MessagesMetric.Throttled, MetricUnit.Count, 1);
      } else {
        logger.info(`${spec.action} refused`, { code: wire.code, reason: wire.message });
      }
      metrics.addMetric(spec.rejectedMetric, MetricUnit.Count, 1);
      const clientMsgId = spec.clientMsgIdOf?.(event?.body);
      const context = { requestId, action: spec.action, clientMsgId, roomId: peekRoomId(event?.body) };
      return respond(JSON.stringify(errorFrameFor(wire, context)));
    } finally {
      try {
        metrics.publishStoredMetrics();
      } catch (error) {
        logger.warn('could not publish metrics', { error: error as Error });
      }
      logger.resetKeys();
    }
  };
}
