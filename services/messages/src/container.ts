// What a Lambda container builds once: logger, metrics, SDK clients and the service. AWS clients
// use the default config (region from AWS_REGION; the local cloud redirects DynamoDB with
// AWS_ENDPOINT_URL_DYNAMODB).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, createMetrics } from '@chorus/observability';
import { loadConfig } from './config';
import { DynamoConnectionDirectory } from './connectionDirectory';
import { DynamoMessageStore } from './dynamoMessageStore';
import { createMessageIdGenerator } from './messageIds';
import { MessageService } from './messageService';
import { DynamoSendRateLimiter } from './sendRateLimiter';
import type { RouteHandlerDeps } from './routeHandler';
import type { MetricsPort } from './telemetry';

export const SERVICE_NAME = 'chorus-messages';

export function buildMessageService(
  env: Record<string, string | undefined>,
  metrics: MetricsPort,
): MessageService {
  const config = loadConfig(env);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return new MessageService({
    directory: new DynamoConnectionDirectory({ client, tableName: config.connectionsTable }),
    store: new DynamoMessageStore({ client, tableName: config.messagesTable }),
    ids: createMessageIdGenerator(),
    metrics,
    limiter: new DynamoSendRateLimiter({
      client,
      tableName: config.messagesTable,
      policy: { ratePerSecond: config.sendRatePerSecond, burst: config.sendRateBurst },
    }),
  });
}

/** Dependencies of a route handler in a real container; the service is built on first use. */
export function containerDeps(env: Record<string, string | undefined> = process.env): RouteHandlerDeps {
  const metrics = createMetrics(SERVICE_NAME);
  return { logger: createLogger(SERVICE_NAME), metrics, messages: () => buildMessageService(env, metrics) };
}
