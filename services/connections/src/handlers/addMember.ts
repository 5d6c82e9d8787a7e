// addMember: the owner of a private room admits a user id.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { messageRoute, type WebSocketHandler } from '@chorus/lambda-kit';
import { ERROR_FRAMES_METRIC, containerDeps, type HandlerDeps } from '../container';

export function createHandler(deps: HandlerDeps): WebSocketHandler {
  return messageRoute(deps, {
    action: 'addMember',
    rejectedMetric: ERROR_FRAMES_METRIC,
    respond: async (frame, event) => {
      const member = await deps.service.rooms.addMember(
        event.requestContext.connectionId,
        frame.roomId,
        frame.userId,
      );
      deps.metrics.addMetric('MembersAdded', MetricUnit.Count, 1);
      return member;
    },
  });
}

export const handler = createHandler(containerDeps());
