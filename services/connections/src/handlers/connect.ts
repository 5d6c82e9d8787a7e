// $connect: runs behind the token authorizer; records who is behind the connection, taken from
// the authorizer's context (never from `?name=` or anything else the client wrote).
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { describeFailure, errorFrame, withInvocation, type WebSocketHandler } from '@chorus/lambda-kit';
import { ErrorCode } from '@chorus/protocol';
import { containerDeps, type HandlerDeps } from '../container';
import { identityOf } from '../identity';

/** HTTP status that rejects a `$connect` upgrade for a failure. */
export function connectRejectionStatus(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.INVALID_NAME:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.TOO_MANY_CONNECTIONS:
      return 429;
    case ErrorCode.THROTTLED:
      return 503;
    default:
      return 500;
  }
}

export function createHandler(deps: HandlerDeps): WebSocketHandler {
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
        const failure = describeFailure(error, requestId);
        if (failure.severity === 'internal')
          deps.logger.error('connect failed', { code: failure.code, error: error as Error });
        else deps.logger.warn('connect refused', { code: failure.code, reason: failure.message });
        deps.metrics.addMetric('ConnectsRejected', MetricUnit.Count, 1);
        return {
          statusCode: connectRejectionStatus(failure.code),
          body: JSON.stringify(errorFrame(failure, { requestId })),
        };
      }
    });
}

export const handler = createHandler(containerDeps());
