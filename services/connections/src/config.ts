// Environment is read once per container; a missing or bad value fails the cold start loudly
// instead of surfacing later as a confusing DynamoDB error.
import { roomShardsFromEnv } from '@chorus/keys';
import { DEFAULT_MAX_CONNECTIONS_PER_USER, DEFAULT_MAX_ROOMS_PER_CONNECTION } from './connectionService';
import { ConfigError } from './errors';
import { DEFAULT_PRESENCE_CACHE_MS } from './roomPresenceCache';

/** A big room's presence sample older than a minute would mislead more than it saves. */
const PRESENCE_CACHE_MAX_MS = 60_000;

export interface ConnectionsConfig {
  /** Name of the connections table (`chorus-connections-<stage>`). */
  tableName: string;
  /** ROOM_SHARDS: partitions per room; must equal what every other service uses. */
  roomShards: number;
  /** PRESENCE_CACHE_MS: how long a container reuses a big room's presence sample; 0 = never. */
  presenceCacheMs: number;
  /** MAX_ROOMS_PER_CONNECTION: rooms one connection may be in at once (default 50). */
  maxRoomsPerConnection: number;
  /** MAX_CONNECTIONS_PER_USER: connections one user may have at once (default 10). */
  maxConnectionsPerUser: number;
  /**
   * WEBSOCKET_MANAGEMENT_ENDPOINT: the @connections endpoint (stage included), set only where a
   * function posts (removeMember tells removed members); absent elsewhere.
   */
  managementEndpoint?: string;
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
  return {
    tableName,
    roomShards,
    presenceCacheMs: presenceCacheMsFromEnv(env),
    maxRoomsPerConnection: positiveIntegerFromEnv(
      env,
      'MAX_ROOMS_PER_CONNECTION',
      DEFAULT_MAX_ROOMS_PER_CONNECTION,
    ),
    maxConnectionsPerUser: positiveIntegerFromEnv(
      env,
      'MAX_CONNECTIONS_PER_USER',
      DEFAULT_MAX_CONNECTIONS_PER_USER,
    ),
    ...managementEndpointFromEnv(env),
  };
}

function positiveIntegerFromEnv(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function managementEndpointFromEnv(env: Record<string, string | undefined>): { managementEndpoint?: string } {
  const raw = env['WEBSOCKET_MANAGEMENT_ENDPOINT']?.trim();
  if (raw === undefined || raw === '') return {};
  if (!/^https?:\/\/[^/]+\/[^/]+\/?$/.test(raw)) {
    throw new ConfigError(
      `WEBSOCKET_MANAGEMENT_ENDPOINT must be http(s)://host/stage, got ${JSON.stringify(raw)}`,
    );
  }
  return { managementEndpoint: raw };
}

function presenceCacheMsFromEnv(env: Record<string, string | undefined>): number {
  const raw = env['PRESENCE_CACHE_MS']?.trim();
  if (raw === undefined || raw.length === 0) return DEFAULT_PRESENCE_CACHE_MS;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > PRESENCE_CACHE_MAX_MS) {
    throw new ConfigError(
      `PRESENCE_CACHE_MS is "${raw}"; set it to whole milliseconds from 0 (off) to ${PRESENCE_CACHE_MAX_MS}`,
    );
  }
  return value;
}
