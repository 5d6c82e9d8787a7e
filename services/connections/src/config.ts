// Environment is read once per container; a missing or bad value fails the cold start loudly
// instead of surfacing later as a confusing DynamoDB error.
import { roomShardsFromEnv } from '@chorus/keys';
import { DEFAULT_MAX_ROOMS_PER_CONNECTION } from './connectionService';
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
    maxRoomsPerConnection: maxRoomsFromEnv(env),
  };
}

function maxRoomsFromEnv(env: Record<string, string | undefined>): number {
  const raw = env['MAX_ROOMS_PER_CONNECTION']?.trim();
  if (raw === undefined || raw === '') return DEFAULT_MAX_ROOMS_PER_CONNECTION;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(`MAX_ROOMS_PER_CONNECTION must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
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
