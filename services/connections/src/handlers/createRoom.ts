// createRoom: a new room owned by the sender, public or private with a member list.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { messageRoute, type WebSocketHandler } from '@chorus/lambda-kit';
import { ERROR_FRAMES_METRIC, containerDeps, type HandlerDeps } from '../container';

export function createHandler(deps: HandlerDeps): WebSocketHandler {
  return messageRoute(deps, {
    action: 'createRoom',
    rejectedMetric: ERROR_FRAMES_METRIC,
    respond: async (frame, event) => {
      const room = await deps.service.rooms.create(event.requestContext.connectionId, frame);
      deps.metrics.addMetric('RoomsCreated', MetricUnit.Count, 1);
      return room;
    },
  });
}

export const handler = createHandler(containerDeps());
