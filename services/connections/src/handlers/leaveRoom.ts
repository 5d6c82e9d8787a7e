// leaveRoom: stop being a member of a room; answers with the room's presence after leaving.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { containerDeps } from '../container';
import { messageRoute, type HandlerDeps, type WebsocketHandler } from '../invocation';

export function createHandler(deps: HandlerDeps): WebsocketHandler {
  return messageRoute(deps, 'leaveRoom', async (frame, event) => {
    const presence = await deps.service.leaveRoom(event.requestContext.connectionId, frame.roomId);
    deps.metrics.addMetric('Leaves', MetricUnit.Count, 1);
    return { type: 'presence', ...presence };
  });
}

export const handler = createHandler(containerDeps());
