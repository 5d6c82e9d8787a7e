// whoIsOnline: the distinct display names connected to a room.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { containerDeps } from '../container';
import { messageRoute, type HandlerDeps, type WebsocketHandler } from '../invocation';

export function createHandler(deps: HandlerDeps): WebsocketHandler {
  return messageRoute(deps, 'whoIsOnline', async (frame) => {
    const presence = await deps.service.whoIsOnline(frame.roomId);
    deps.metrics.addMetric('PresenceQueries', MetricUnit.Count, 1);
    return { type: 'presence', ...presence };
  });
}

export const handler = createHandler(containerDeps());
