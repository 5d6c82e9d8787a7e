// The REQUEST authorizer on $connect (identity source: the `token` query parameter, since
// browsers cannot set headers on a WebSocket). A valid token → an Allow policy whose context
// carries the user's id and name to every route; a bad one → the error `Unauthorized` (HTTP 401).
// Anything else is thrown as is, which API Gateway answers with 500. The token is never logged.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayRequestAuthorizerEvent, Context } from 'aws-lambda';
import { authorizerDeps, type AuthorizerDeps } from '../authContainer';
import { UnauthorizedError } from '../errors';
import { identityFromClaims, type AuthorizerContext } from '../identity';
import { isTokenRejection, type TokenClaims } from '../tokenVerifier';

export interface AuthorizerResult {
  principalId: string;
  policyDocument: {
    Version: '2012-10-17';
    Statement: Array<{ Action: 'execute-api:Invoke'; Effect: 'Allow' | 'Deny'; Resource: string }>;
  };
  context: AuthorizerContext;
}

export type AuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEvent,
  context?: Context,
) => Promise<AuthorizerResult>;

export function createHandler(deps: AuthorizerDeps): AuthorizerHandler {
  const { logger, metrics } = deps;
  return async (event, context) => {
    logger.appendKeys({ requestId: event.requestContext?.requestId, connectionId: connectionIdOf(event) });
    if (context !== undefined) logger.addContext(context);
    try {
      const identity = identityFromClaims(await verified(deps, event), deps.nameClaims);
      metrics.addMetric('Authorized', MetricUnit.Count, 1);
      return {
        principalId: identity.userId,
        policyDocument: {
          Version: '2012-10-17',
          Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }],
        },
        context: { userId: identity.userId, userName: identity.userName },
      };
    } catch (error) {
      if (error instanceof UnauthorizedError) {
        logger.warn('token refused', { reason: error.reason });
        metrics.addMetric('Unauthorized', MetricUnit.Count, 1);
      } else {
        logger.error('could not verify the token', { error: error as Error });
        metrics.addMetric('AuthorizerErrors', MetricUnit.Count, 1);
      }
      throw error;
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}

async function verified(deps: AuthorizerDeps, event: APIGatewayRequestAuthorizerEvent): Promise<TokenClaims> {
  const token = event.queryStringParameters?.['token'];
  // API Gateway does not invoke us without the identity source; a direct call still gets 401.
  if (token === undefined || token.length === 0) throw new UnauthorizedError('no token');
  try {
    return await deps.verifier.verify(token);
  } catch (error) {
    if (isTokenRejection(error)) throw new UnauthorizedError((error as Error).name);
    throw error;
  }
}

function connectionIdOf(event: APIGatewayRequestAuthorizerEvent): string | undefined {
  const context = event.requestContext as { connectionId?: unknown } | undefined;
  return typeof context?.connectionId === 'string' ? context.connectionId : undefined;
}

export const handler = createHandler(authorizerDeps());
