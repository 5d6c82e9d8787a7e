// Built once per Lambda container (module scope of each handler file) and reused by every
// invocation: clients keep their connections warm, config is read once.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createLogger, createMetrics } from '@chorus/observability';
import { loadConfig } from './config';
import { ConnectionService } from './connectionService';
import { DynamoConnectionStore } from './dynamoConnectionStore';
import { RoomPresenceCache } from './roomPresenceCache';
import type { HandlerDeps } from './invocation';

export const SERVICE_NAME = 'chorus-connections';

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
    deps = {
      service: new ConnectionService(
        store,
        Date.now,
        new RoomPresenceCache({ ttlMs: config.presenceCacheMs }),
      ),
      logger: createLogger(SERVICE_NAME),
      metrics: createMetrics(SERVICE_NAME),
    };
  }
  return deps;
}
