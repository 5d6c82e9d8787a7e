// $disconnect: remove the connection and all its memberships. Runs after the socket closed and is
// best-effort in AWS, so it never throws; rows it could not remove expire by TTL.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { withInvocation, type WebSocketHandler } from '@chorus/lambda-kit';
import { containerDeps, type HandlerDeps } from '../container';

export function createHandler(deps: HandlerDeps): WebSocketHandler {
  return (event, context) =>
    withInvocation(deps, event, context, async () => {
      try {
        const { rooms } = await deps.service.disconnect(event.requestContext.connectionId);
        deps.metrics.addMetric('Disconnects', MetricUnit.Count, 1);
        deps.logger.info('connection removed', { rooms: rooms.length });
      } catch (error) {
        deps.metrics.addMetric('DisconnectCleanupFailures', MetricUnit.Count, 1);
        deps.logger.error('connection cleanup failed; leftover rows expire by TTL', {
          error: error as Error,
        });
      }
      return { statusCode: 200 };
    });
}

export const handler = createHandler(containerDeps());
