// whoIsOnline: the distinct display names connected to a room.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { messageRoute, type WebSocketHandler } from '@chorus/lambda-kit';
import { ERROR_FRAMES_METRIC, containerDeps, type HandlerDeps } from '../container';

export function createHandler(deps: HandlerDeps): WebSocketHandler {
  return messageRoute(deps, {
    action: 'whoIsOnline',
    rejectedMetric: ERROR_FRAMES_METRIC,
    respond: async (frame) => {
      const presence = await deps.service.whoIsOnline(frame.roomId);
      deps.metrics.addMetric('PresenceQueries', MetricUnit.Count, 1);
      return { type: 'presence', ...presence };
    },
  });
}

export const handler = createHandler(containerDeps());
