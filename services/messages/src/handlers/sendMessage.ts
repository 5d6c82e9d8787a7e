// Route `sendMessage`: store the message once and ack it. Fan-out happens from the table's stream.
import { CLIENT_MSG_ID_PATTERN } from '@chorus/protocol';
import { containerDeps } from '../container';
import { createRouteHandler, type RouteHandler, type RouteHandlerDeps } from '../routeHandler';
import { MessagesMetric } from '../telemetry';

/** The frame's clientMsgId if it can be read at all, even from a frame that failed validation. */
export function peekClientMsgId(body: string | undefined): string | undefined {
  try {
    const value: unknown = JSON.parse(body ?? '');
    const id =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)['clientMsgId']
        : undefined;
    return typeof id === 'string' && CLIENT_MSG_ID_PATTERN.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

export function createHandler(deps: RouteHandlerDeps): RouteHandler {
  return createRouteHandler(
    {
      action: 'sendMessage',
      rejectedMetric: MessagesMetric.SendsRejected,
      clientMsgIdOf: peekClientMsgId,
      run: (api, connectionId, frame) => api.send(connectionId, frame),
    },
    deps,
  );
}

export const handler = createHandler(containerDeps());
