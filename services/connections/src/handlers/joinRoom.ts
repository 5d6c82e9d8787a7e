// joinRoom: become a member of a room (a connection may be in many) and get its presence.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { containerDeps } from '../container';
import { messageRoute, type HandlerDeps, type WebsocketHandler } from '../invocation';

export function createHandler(deps: HandlerDeps): WebsocketHandler {
  return messageRoute(deps, 'joinRoom', async (frame, event) => {
    const presence = await deps.service.joinRoom(event.requestContext.connectionId, frame.roomId);
    deps.metrics.addMetric('Joins', MetricUnit.Count, 1);
    return { type: 'presence', ...presence };
  });
}

export const handler = createHandler(containerDeps());
