// removeMember: the owner of a private room takes a user id off its list; the user's connections
// in the room lose their membership at once (and are told with a `removed` frame).
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { messageRoute, type WebSocketHandler } from '@chorus/lambda-kit';
import { ERROR_FRAMES_METRIC, containerDeps, type HandlerDeps } from '../container';

export function createHandler(deps: HandlerDeps): WebSocketHandler {
  return messageRoute(deps, {
    action: 'removeMember',
    rejectedMetric: ERROR_FRAMES_METRIC,
    respond: async (frame, event) => {
      const change = await deps.service.rooms.removeMember(
        event.requestContext.connectionId,
        frame.roomId,
        frame.userId,
      );
      deps.metrics.addMetric('MembersRemoved', MetricUnit.Count, 1);
      deps.metrics.addMetric('MemberConnectionsCutOff', MetricUnit.Count, change.cutOff.length);
      return change.frame;
    },
  });
}

export const handler = createHandler(containerDeps());
