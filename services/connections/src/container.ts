// Built once per Lambda container (module scope of each handler file) and reused by every
// invocation: clients keep their connections warm, config is read once.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RouteDeps } from '@chorus/lambda-kit';
import { createLogger, createMetrics } from '@chorus/observability';
import { loadConfig } from './config';
import { ConnectionService } from './connectionService';
import { DynamoConnectionStore } from './dynamoConnectionStore';
import { ManagementNotifier } from './managementNotifier';
import { RoomPresenceCache } from './roomPresenceCache';

export const SERVICE_NAME = 'chorus-connections';

/** What every handler of this service gets: the kit's logger and metrics, and the service. */
export interface HandlerDeps extends RouteDeps {
  service: ConnectionService;
}

/** Counted for every `error` frame a route of this service answers with. */
export const ERROR_FRAMES_METRIC = 'ErrorFrames';

let deps: HandlerDeps | undefined;

export function containerDeps(env: Record<string, string | undefined> = process.env): HandlerDeps {
  if (deps === undefined) {
    const config = loadConfig(env);
    // Region and endpoint come from the standard env (AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB locally).
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
      marshallOptions: { removeUndefinedValues: true },
    });
    const store = new DynamoConnectionStore({
      client,
      tableName: config.tableName,
      roomShards: config.roomShards,
    });
    const logger = createLogger(SERVICE_NAME);
    const notifier =
      config.managementEndpoint === undefined
        ? undefined
        : ManagementNotifier.forEndpoint(config.managementEndpoint, logger);
    deps = {
      service: new ConnectionService(
        store,
        Date.now,
        new RoomPresenceCache({ ttlMs: config.presenceCacheMs }),
        {
          maxRoomsPerConnection: config.maxRoomsPerConnection,
          maxConnectionsPerUser: config.maxConnectionsPerUser,
        },
        notifier,
      ),
      logger,
      metrics: createMetrics(SERVICE_NAME),
    };
  }
  return deps;
}
