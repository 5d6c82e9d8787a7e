// $connect: runs behind the token authorizer; records who is behind the connection, taken from
// the authorizer's context (never from `?name=` or anything else the client wrote).
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { containerDeps } from '../container';
import { identityOf } from '../identity';
import { withInvocation, type HandlerDeps, type WebsocketHandler } from '../invocation';
import { connectRejectionStatus, describeFailure, errorFrame, errorResult } from '../responses';

export function createHandler(deps: HandlerDeps): WebsocketHandler {
  return (event, context) =>
    withInvocation(deps, event, context, async () => {
      const { connectionId, connectedAt, requestId } = event.requestContext;
      try {
        const { userId, userName } = identityOf(event);
        await deps.service.connect({ connectionId, userId, userName, connectedAt });
        deps.metrics.addMetric('Connects', MetricUnit.Count, 1);
        return { statusCode: 200 };
      } catch (error) {
        // Any non-2xx rejects the upgrade with that HTTP status; the body tells a developer why.
        const failure = describeFailure(error);
        if (failure.expected)
          deps.logger.warn('connect refused', { code: failure.code, reason: failure.message });
        else deps.logger.error('connect failed', { code: failure.code, error: error as Error });
        deps.metrics.addMetric('ConnectsRejected', MetricUnit.Count, 1);
        return errorResult(errorFrame(failure, requestId), connectRejectionStatus(failure.code));
      }
    });
}

export const handler = createHandler(containerDeps());
