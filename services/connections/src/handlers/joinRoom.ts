// joinRoom: become a member of a room (a connection may be in many) and get its presence.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { messageRoute, type WebSocketHandler } from '@chorus/lambda-kit';
import { ERROR_FRAMES_METRIC, containerDeps, type HandlerDeps } from '../container';

export function createHandler(deps: HandlerDeps): WebSocketHandler {
  return messageRoute(deps, {
    action: 'joinRoom',
    rejectedMetric: ERROR_FRAMES_METRIC,
    respond: async (frame, event) => {
      const presence = await deps.service.joinRoom(event.requestContext.connectionId, frame.roomId);
      deps.metrics.addMetric('Joins', MetricUnit.Count, 1);
      return { type: 'presence', ...presence };
    },
  });
}

export const handler = createHandler(containerDeps());
