// What a Lambda container builds once: logger, metrics, SDK clients and the service. AWS clients
// use the default config (region from AWS_REGION; the local cloud redirects DynamoDB with
// AWS_ENDPOINT_URL_DYNAMODB).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { historyBucketKey } from '@chorus/keys';
import type { MetricsPort, RouteDeps } from '@chorus/lambda-kit';
import { createLogger, createMetrics } from '@chorus/observability';
import { loadConfig } from './config';
import { DynamoConnectionDirectory } from './connectionDirectory';
import { DynamoMessageStore } from './dynamoMessageStore';
import { createMessageIdGenerator } from './messageIds';
import { MessageService, type MessagesApi } from './messageService';
import { DynamoSendRateLimiter } from './sendRateLimiter';

export const SERVICE_NAME = 'chorus-messages';

export interface HandlerDeps extends RouteDeps {
  /**
   * The service, or a factory run on first use and then kept for the container's life. A factory
   * turns a configuration error into an INTERNAL_ERROR frame and a log line instead of a crash
   * at import time that the client would only see as "Internal server error".
   */
  messages: MessagesApi | (() => MessagesApi);
}

/** The service of `deps`, built on the first call and kept. */
export function lazyMessages(deps: HandlerDeps): () => MessagesApi {
  let api: MessagesApi | undefined;
  return () => {
    api ??= typeof deps.messages === 'function' ? deps.messages() : deps.messages;
    return api;
  };
}

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
    historyLimiter: new DynamoSendRateLimiter({
      client,
      tableName: config.messagesTable,
      policy: { ratePerSecond: config.historyRatePerSecond, burst: config.historyRateBurst },
      bucketKey: historyBucketKey,
    }),
  });
}

/** Dependencies of a route handler in a real container; the service is built on first use. */
export function containerDeps(env: Record<string, string | undefined> = process.env): HandlerDeps {
  const metrics = createMetrics(SERVICE_NAME);
  return { logger: createLogger(SERVICE_NAME), metrics, messages: () => buildMessageService(env, metrics) };
}
