// One incoming text message end to end on the integration side: select the route, build the
// MESSAGE event, invoke, and decide what (if anything) goes back to the caller.
import { newGatewayId } from './connectionIds';
import { buildMessageEvent, type ConnectionFacts } from './eventBuilders';
import {
  forbiddenFrame,
  internalServerErrorFrame,
  isSuccessStatus,
  resultBody,
  resultStatusCode,
} from './integrationResponses';
import type { InvocationTracker } from './invocations';
import { selectRouteKey, type RouteSelector } from './routeSelection';
import type { ApiFacts, GatewayLogger, RouteTable } from './types';

/** [U] What a two-way message route sends when the integration returns a non-2xx statusCode. */
export type NonSuccessMessageResponse = 'internal-error' | 'send-body' | 'nothing';

export interface MessageDispatcherDeps {
  api: ApiFacts;
  routes: RouteTable;
  selector: RouteSelector;
  work: InvocationTracker;
  integrationTimeoutMs: number;
  nonSuccessMessageResponse: NonSuccessMessageResponse;
  logger: GatewayLogger;
}

export class MessageDispatcher {
  private readonly routeKeys: ReadonlySet<string>;

  constructor(private readonly deps: MessageDispatcherDeps) {
    this.routeKeys = new Set(Object.keys(deps.routes));
  }

  /** Handles one message; `reply` sends a text frame to the caller if it is still connected. */
  async dispatch(connection: ConnectionFacts, body: string, reply: (text: string) => void): Promise<void> {
    const { api, routes, work, logger } = this.deps;
    const { connectionId } = connection;
    const requestId = newGatewayId();
    const request = { requestId, requestTimeEpoch: Date.now() };
    const routeKey = selectRouteKey(this.deps.selector, body, this.routeKeys);
    if (routeKey === undefined) {
      logger.warn('No route matched the message and there is no $default route', { requestId, connectionId });
      reply(forbiddenFrame(connectionId, requestId));
      return;
    }
    const route = routes[routeKey]!;
    const event = buildMessageEvent({ api, connection, request, messageId: newGatewayId(), routeKey, body });
    const outcome = await work.invoke(route.functionName, event, this.deps.integrationTimeoutMs);
    const logContext = { requestId, connectionId, routeKey, functionName: route.functionName };
    if (!outcome.ok) {
      logger.error('Integration failed', {
        ...logContext,
        lambdaRequestId: outcome.requestId,
        error: outcome.error,
      });
      reply(internalServerErrorFrame(connectionId, requestId));
      return;
    }
    if (!route.routeResponse) return;
    const status = resultStatusCode(outcome.result);
    if (status !== undefined && !isSuccessStatus(status)) {
      logger.warn('Integration returned a non-2xx statusCode on a message route', { ...logContext, status });
      if (this.deps.nonSuccessMessageResponse === 'nothing') return;
      if (this.deps.nonSuccessMessageResponse === 'internal-error') {
        reply(internalServerErrorFrame(connectionId, requestId));
        return;
      }
    }
    const response = resultBody(outcome.result);
    if (response !== undefined) reply(response);
  }
}
