// What every handler does around its own work: log keys per invocation, metrics flushed per
// invocation, failures turned into `error` frames, and nothing ever thrown back to API Gateway
// (a throw on a message route reaches the client as an opaque "Internal server error").
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import {
  ErrorCode,
  parseClientFrameOf,
  peekAction,
  peekRoomId,
  type ClientAction,
  type ClientFrameOf,
  type ServerFrame,
} from '@chorus/protocol';
import type { APIGatewayProxyWebsocketEventV2, Context } from 'aws-lambda';
import type { ConnectionService } from './connectionService';
import { describeFailure, errorFrame, errorResult, frameResult, type WebsocketResult } from './responses';

export type HandlerLogger = Pick<
  Logger,
  'appendKeys' | 'resetKeys' | 'addContext' | 'info' | 'warn' | 'error'
>;
export type HandlerMetrics = Pick<Metrics, 'addMetric' | 'hasStoredMetrics' | 'publishStoredMetrics'>;

export interface HandlerDeps {
  service: ConnectionService;
  logger: HandlerLogger;
  metrics: HandlerMetrics;
}

export type WebsocketEvent = APIGatewayProxyWebsocketEventV2;
export type WebsocketHandler = (event: WebsocketEvent, context?: Context) => Promise<WebsocketResult>;

/** The frame text; binary frames arrive base64-encoded. */
export function frameBody(event: WebsocketEvent): string | undefined {
  if (event.body === undefined || !event.isBase64Encoded) return event.body;
  return Buffer.from(event.body, 'base64').toString('utf8');
}

/** Runs one invocation with request and connection ids on every log line, then flushes metrics. */
export async function withInvocation(
  deps: HandlerDeps,
  event: WebsocketEvent,
  context: Context | undefined,
  work: () => Promise<WebsocketResult>,
): Promise<WebsocketResult> {
  const { logger, metrics } = deps;
  const { requestId, connectionId, routeKey } = event.requestContext;
  logger.appendKeys({ requestId, connectionId, routeKey });
  if (context !== undefined) logger.addContext(context);
  try {
    return await work();
  } finally {
    try {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    } catch (error) {
      logger.warn('could not publish metrics', { error: error as Error });
    }
    logger.resetKeys();
  }
}

/**
 * Logs a failure at the right level, counts it, and shapes the `error` frame, naming the room the
 * frame named so a client in several rooms knows whose request failed.
 */
export function failureResult(
  deps: HandlerDeps,
  event: WebsocketEvent,
  error: unknown,
  action: string | undefined,
): WebsocketResult {
  const failure = describeFailure(error);
  if (failure.expected) {
    deps.logger.warn('request refused', { code: failure.code, reason: failure.message, action });
  } else {
    deps.logger.error('request failed', { code: failure.code, action, error: error as Error });
  }
  deps.metrics.addMetric('ErrorFrames', MetricUnit.Count, 1);
  if (failure.code === ErrorCode.THROTTLED) deps.metrics.addMetric('Throttled', MetricUnit.Count, 1);
  const roomId = peekRoomId(frameBody(event));
  return errorResult(errorFrame(failure, event.requestContext.requestId, action, roomId));
}

/**
 * A two-way message route: validates the frame for `action`, runs `respond`, and returns its
 * frame, or an `error` frame for whatever went wrong.
 */
export function messageRoute<A extends ClientAction>(
  deps: HandlerDeps,
  action: A,
  respond: (frame: ClientFrameOf<A>, event: WebsocketEvent) => Promise<ServerFrame>,
): WebsocketHandler {
  return (event, context) =>
    withInvocation(deps, event, context, async () => {
      const body = frameBody(event);
      try {
        const frame = parseClientFrameOf(action, body);
        return frameResult(await respond(frame, event));
      } catch (error) {
        return failureResult(deps, event, error, peekAction(body) ?? action);
      }
    });
}
