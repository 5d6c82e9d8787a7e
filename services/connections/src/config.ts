// Environment is read once per container; a missing or bad value fails the cold start loudly
// instead of surfacing later as a confusing DynamoDB error.
import { roomShardsFromEnv } from '@chorus/keys';
import { DEFAULT_MAX_ROOMS_PER_CONNECTION } from './connectionService';
import { ConfigError } from './errors';

export interface ConnectionsConfig {
  /** Name of the connections table (`chorus-connections-<stage>`). */
  tableName: string;
  /** ROOM_SHARDS: partitions per room; must equal what every other service uses. */
  roomShards: number;
  /** MAX_ROOMS_PER_CONNECTION: rooms one connection may be in at once (default 50). */
  maxRoomsPerConnection: number;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): ConnectionsConfig {
  const tableName = env['CONNECTIONS_TABLE']?.trim();
  if (tableName === undefined || tableName.length === 0) {
    throw new ConfigError(
      'CONNECTIONS_TABLE is not set; serverless.yml sets it to the connections table name (chorus-connections-<stage>)',
    );
  }
  let roomShards: number;
  try {
    roomShards = roomShardsFromEnv(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const rawMax = env['MAX_ROOMS_PER_CONNECTION']?.trim();
  const maxRoomsPerConnection =
    rawMax === undefined || rawMax === '' ? DEFAULT_MAX_ROOMS_PER_CONNECTION : Number(rawMax);
  if (!Number.isInteger(maxRoomsPerConnection) || maxRoomsPerConnection < 1) {
    throw new ConfigError(
      `MAX_ROOMS_PER_CONNECTION must be a positive integer, got ${JSON.stringify(rawMax)}`,
    );
  }
  return { tableName, roomShards, maxRoomsPerConnection };
}
