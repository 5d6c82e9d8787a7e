// whoIsOnline: the distinct display names connected to a room; for connections that joined it.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { messageRoute, type WebSocketHandler } from '@chorus/lambda-kit';
import { ERROR_FRAMES_METRIC, containerDeps, type HandlerDeps } from '../container';

export function createHandler(deps: HandlerDeps): WebSocketHandler {
  return messageRoute(deps, {
    action: 'whoIsOnline',
    rejectedMetric: ERROR_FRAMES_METRIC,
    respond: async (frame, event) => {
      const presence = await deps.service.whoIsOnline(event.requestContext.connectionId, frame.roomId);
      deps.metrics.addMetric('PresenceQueries', MetricUnit.Count, 1);
      return { type: 'presence', ...presence };
    },
  });
}

export const handler = createHandler(containerDeps());
