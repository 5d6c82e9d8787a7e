// The one wrapper of every WebSocket route in Chorus: log keys per invocation, metrics flushed per
// invocation, failures turned into `error` frames, and nothing ever thrown back to API Gateway (a
// throw on a two-way route reaches the client as an opaque "Internal server error").
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  encodeServerFrame,
  parseClientFrameOf,
  peekAction,
  peekRoomId,
  type ClientAction,
  type ClientFrameOf,
  type ServerFrame,
} from '@chorus/protocol';
import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import { describeFailure, errorFrame } from './failures';
import { flushMetrics, type LoggerPort, type MetricsPort } from './telemetry';

export type WebSocketEvent = APIGatewayProxyWebsocketEventV2;

export interface WebSocketResult {
  statusCode: number;
  body?: string;
}

export type WebSocketHandler = (event: WebSocketEvent, context?: Context) => Promise<WebSocketResult>;

export interface RouteDeps {
  logger: LoggerPort;
  metrics: MetricsPort;
}

/** Metric names the wrapper records (namespace Chorus); the dashboard in infra/ charts them. */
export const RouteMetric = {
  /** DynamoDB (or another AWS API) throttled a request; the client got THROTTLED. */
  Throttled: 'Throttled',
  /** An unexpected failure (INTERNAL_ERROR on the wire); look for the error log line. */
  InternalErrors: 'InternalErrors',
} as const;

/** The frame text; binary frames arrive base64-encoded. */
export function frameBody(event: WebSocketEvent): string | undefined {
  if (event.body === undefined || event.body === null || !event.isBase64Encoded)
    return event.body ?? undefined;
  return Buffer.from(event.body, 'base64').toString('utf8');
}

/**
 * The ids of the request. API Gateway always sends them; an event without them (a test console,
 * a misrouted invoke) still gets an `error` frame instead of a crash.
 */
function requestKeys(event: WebSocketEvent): { requestId: string; connectionId: string; routeKey: string } {
  const context: Partial<WebSocketEvent['requestContext']> = event?.requestContext ?? {};
  return {
    requestId: context.requestId ?? 'unknown',
    connectionId: context.connectionId ?? 'unknown',
    routeKey: context.routeKey ?? 'unknown',
  };
}

/** Runs one invocation with request and connection ids on every log line, then flushes metrics. */
export async function withInvocation(
  deps: RouteDeps,
  event: WebSocketEvent,
  context: Context | undefined,
  work: () => Promise<WebSocketResult>,
): Promise<WebSocketResult> {
  const { logger, metrics } = deps;
  const { requestId, connectionId, routeKey } = requestKeys(event);
  // Lambda's context adds function name, cold start and the Lambda request id to every line.
  if (context !== undefined) logger.addContext(context);
  logger.appendKeys({ requestId, connectionId, routeKey });
  try {
    return await work();
  } finally {
    flushMetrics(metrics, logger);
    logger.resetKeys();
  }
}

export interface FailureOptions {
  /** The action of the refused frame, when known. */
  action: string | undefined;
  /** Counted for every error frame the route answers with. */
  rejectedMetric: string;
  /** Read from the raw body, so the client can mark the right message failed. */
  clientMsgIdOf?: ((body: string | undefined) => string | undefined) | undefined;
}

/** Logs a failure at its level, counts it, and answers with the `error` frame (status 200). */
export function failureResult(
  deps: RouteDeps,
  event: WebSocketEvent,
  error: unknown,
  options: FailureOptions,
): WebSocketResult {
  const { logger, metrics } = deps;
  const { action } = options;
  const { requestId } = requestKeys(event);
  const failure = describeFailure(error, requestId);
  if (failure.severity === 'internal') {
    logger.error('request failed', { code: failure.code, action, error: error as Error });
    metrics.addMetric(RouteMetric.InternalErrors, MetricUnit.Count, 1);
  } else if (failure.severity === 'throttled') {
    logger.warn('request throttled', { code: failure.code, action, error: error as Error });
    metrics.addMetric(RouteMetric.Throttled, MetricUnit.Count, 1);
  } else {
    logger.info('request refused', { code: failure.code, action, reason: failure.message });
  }
  metrics.addMetric(options.rejectedMetric, MetricUnit.Count, 1);
  const body = frameBody(event);
  const frame = errorFrame(failure, {
    requestId,
    action,
    roomId: peekRoomId(body),
    clientMsgId: options.clientMsgIdOf?.(body),
  });
  // Built by us from known parts, so plain JSON (no schema check that could throw).
  return { statusCode: 200, body: JSON.stringify(frame) };
}

export interface MessageRoute<A extends ClientAction> {
  action: A;
  /** Counted when the route answers with an error frame. */
  rejectedMetric: string;
  clientMsgIdOf?: (body: string | undefined) => string | undefined;
  /** The log fields of a successful answer (never message text); none are logged without it. */
  summarize?: (frame: ServerFrame) => Record<string, unknown>;
  /** The route's work. It gets the whole event, so it can read anything API Gateway put in requestContext. */
  respond(frame: ClientFrameOf<A>, event: WebSocketEvent): Promise<ServerFrame>;
}

/**
 * A two-way route: validates the frame for `action`, runs `respond`, and answers with its frame,
 * or with an `error` frame for whatever went wrong.
 */
export function messageRoute<A extends ClientAction>(
  deps: RouteDeps,
  route: MessageRoute<A>,
): WebSocketHandler {
  return (event, context) =>
    withInvocation(deps, event, context, async () => {
      const body = frameBody(event);
      try {
        const frame = parseClientFrameOf(route.action, body);
        const answer = await route.respond(frame, event);
        const encoded = encodeServerFrame(answer);
        if (route.summarize !== undefined)
          deps.logger.info(`${route.action} answered`, route.summarize(answer));
        return { statusCode: 200, body: encoded };
      } catch (error) {
        return failureResult(deps, event, error, {
          action: peekAction(body) ?? route.action,
          rejectedMetric: route.rejectedMetric,
          clientMsgIdOf: route.clientMsgIdOf,
        });
      }
    });
}
