// Builds the real dependencies once per Lambda container (clients, agents, config), so warm
// invocations reuse connections. Handlers call these lazily: importing a handler in a test never
// touches the environment or AWS.
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { createLogger, createMetrics } from '@chorus/observability';
import { readConfig, type FanoutConfig } from './config';
import { Dispatcher } from './dispatcher';
import { SqsDispatchFailureQueue } from './dispatchFailures';
import { DeliveryWorker } from './deliveryWorker';
import { DynamoConnectionDirectory } from './dynamoConnectionDirectory';
import { RoomExpander } from './roomExpander';
import { SignedConnectionGateway } from './signedConnectionGateway';
import { SqsDeliveryQueue } from './sqsDeliveryQueue';
import { PowertoolsFanoutMetrics, recordKnobs } from './telemetry';

export const SERVICE_NAME = 'chorus-fanout';

interface Common {
  config: FanoutConfig;
  logger: Logger;
  metrics: Metrics;
  directory: DynamoConnectionDirectory;
  queue: SqsDeliveryQueue;
  sqs: SQSClient;
}

function buildCommon(env: Record<string, string | undefined>): Common {
  const config = readConfig(env);
  // Default client config: region from AWS_REGION, endpoints from AWS_ENDPOINT_URL_* locally.
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const sqs = new SQSClient({});
  const logger = createLogger(env['POWERTOOLS_SERVICE_NAME'] ?? SERVICE_NAME);
  const metrics = createMetrics(env['POWERTOOLS_SERVICE_NAME'] ?? SERVICE_NAME);
  recordKnobs(metrics, logger, config);
  return {
    config,
    logger,
    metrics,
    directory: new DynamoConnectionDirectory(dynamo, {
      tableName: config.connectionsTable,
      shards: config.roomShards,
    }),
    queue: new SqsDeliveryQueue(sqs, { queueUrl: config.deliveryQueueUrl, dlqUrl: config.deliveryDlqUrl }),
    sqs,
  };
}

/** The delivery worker, with its lean signed PostToConnection client. */
function buildWorker(
  { config, directory, queue }: Common,
  counters: PowertoolsFanoutMetrics,
  env: Record<string, string | undefined>,
): DeliveryWorker {
  // Lambda's environment variables hold the role's credentials; the chain (memoized, refreshed
  // before expiry) reads them once and the signer asks it for every post.
  const gateway = new SignedConnectionGateway({
    endpoint: config.managementEndpoint,
    region: env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    credentials: defaultProvider(),
    inFlight: config.deliveryInFlight,
  });
  return new DeliveryWorker({
    gateway,
    directory,
    queue,
    metrics: counters,
    inFlight: config.deliveryInFlight,
    maxAttempts: config.deliveryMaxAttempts,
  });
}

export function dispatchContainerDeps(env: Record<string, string | undefined> = process.env) {
  const common = buildCommon(env);
  const { config, logger, metrics, directory, queue, sqs } = common;
  const counters = new PowertoolsFanoutMetrics(metrics);
  const dispatcher = new Dispatcher({
    directory,
    queue,
    metrics: counters,
    batchSize: config.deliveryBatchSize,
    expandAfter: config.dispatchExpandAfter,
    ...(config.dispatchInlineMax > 0
      ? { inline: { worker: buildWorker(common, counters, env), maxConnections: config.dispatchInlineMax } }
      : {}),
  });
  const failures = new SqsDispatchFailureQueue(sqs, config.dispatchFailuresQueueUrl);
  return { dispatcher, failures, logger, metrics, counters };
}

export function deliverContainerDeps(env: Record<string, string | undefined> = process.env) {
  const common = buildCommon(env);
  const { config, logger, metrics, directory, queue } = common;
  const fanoutMetrics = new PowertoolsFanoutMetrics(metrics);
  const worker = buildWorker(common, fanoutMetrics, env);
  const expander = new RoomExpander({
    directory,
    queue,
    metrics: fanoutMetrics,
    batchSize: config.deliveryBatchSize,
    // An expand job with the knob at 0 can only come from an older config: page it in one go.
    expandAfter: config.dispatchExpandAfter > 0 ? config.dispatchExpandAfter : Number.MAX_SAFE_INTEGER,
  });
  return { worker, expander, queue, logger, metrics };
}
