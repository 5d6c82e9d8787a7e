// leaveRoom: stop being a member of a room; answers with the room's presence after leaving.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { messageRoute, type WebSocketHandler } from '@chorus/lambda-kit';
import { ERROR_FRAMES_METRIC, containerDeps, type HandlerDeps } from '../container';

export function createHandler(deps: HandlerDeps): WebSocketHandler {
  return messageRoute(deps, {
    action: 'leaveRoom',
    rejectedMetric: ERROR_FRAMES_METRIC,
    respond: async (frame, event) => {
      const presence = await deps.service.leaveRoom(event.requestContext.connectionId, frame.roomId);
      deps.metrics.addMetric('Leaves', MetricUnit.Count, 1);
      return { type: 'presence', ...presence };
    },
  });
}

export const handler = createHandler(containerDeps());
