// The fan-out's configuration, read once per container from the environment serverless.yml sets.
// Every problem is reported at once, at cold start, so a bad stage parameter fails loudly instead
// of turning into odd delivery behaviour later.
import { ConfigError } from './errors';

export interface FanoutConfig {
  connectionsTable: string;
  deliveryQueueUrl: string;
  deliveryDlqUrl: string;
  /** Where the dispatcher describes stream records it can never fan out (its on-failure queue). */
  dispatchFailuresQueueUrl: string;
  /** `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}` (stage included). */
  managementEndpoint: string;
  /** K: connection ids per delivery job (DELIVERY_BATCH_SIZE). */
  deliveryBatchSize: number;
  /** c: PostToConnection calls in flight per worker invocation (DELIVERY_IN_FLIGHT). */
  deliveryInFlight: number;
  /** Attempts a job may take (first delivery included) before it goes to the DLQ. */
  deliveryMaxAttempts: number;
  /** S: room shards (ROOM_SHARDS); must equal what the connections service writes with. */
  roomShards: number;
  /**
   * Ids per room shard the dispatcher pages itself before handing the rest of that shard to an
   * expand job a worker pages (DISPATCH_EXPAND_AFTER); 0 = the dispatcher pages everything.
   */
  dispatchExpandAfter: number;
  /**
   * Rooms of at most this many connections (and one job) are posted by the dispatcher itself, not
   * through the queue (DISPATCH_INLINE_MAX); 0 = every room goes through the queue.
   */
  dispatchInlineMax: number;
}

type Env = Record<string, string | undefined>;

interface IntRule {
  name: string;
  fallback: number;
  min: number;
  max: number;
}

const INT_RULES = {
  // An SQS message holds at most 256 KiB; 5,000 ids of ~16 chars stay far below it.
  deliveryBatchSize: { name: 'DELIVERY_BATCH_SIZE', fallback: 50, min: 1, max: 5000 },
  deliveryInFlight: { name: 'DELIVERY_IN_FLIGHT', fallback: 32, min: 1, max: 1000 },
  deliveryMaxAttempts: { name: 'DELIVERY_MAX_ATTEMPTS', fallback: 5, min: 1, max: 100 },
  roomShards: { name: 'ROOM_SHARDS', fallback: 1, min: 1, max: 1000 },
  dispatchExpandAfter: { name: 'DISPATCH_EXPAND_AFTER', fallback: 20000, min: 0, max: 10_000_000 },
  dispatchInlineMax: { name: 'DISPATCH_INLINE_MAX', fallback: 50, min: 0, max: 5000 },
} satisfies Record<string, IntRule>;

const STRING_RULES = {
  connectionsTable: 'CONNECTIONS_TABLE',
  deliveryQueueUrl: 'DELIVERY_QUEUE_URL',
  deliveryDlqUrl: 'DELIVERY_DLQ_URL',
  dispatchFailuresQueueUrl: 'DISPATCH_FAILURES_QUEUE_URL',
  managementEndpoint: 'WEBSOCKET_MANAGEMENT_ENDPOINT',
} as const;

function readInt(env: Env, rule: IntRule, problems: string[]): number {
  const raw = env[rule.name];
  if (raw === undefined || raw.trim() === '') return rule.fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < rule.min || value > rule.max) {
    problems.push(`${rule.name} must be an integer from ${rule.min} to ${rule.max}, got "${raw}"`);
    return rule.fallback;
  }
  return value;
}

function readString(env: Env, name: string, problems: string[]): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') {
    problems.push(`${name} is required`);
    return '';
  }
  return value;
}

/** Validates the environment; throws one ConfigError naming every problem. */
export function readConfig(env: Env = process.env): FanoutConfig {
  const problems: string[] = [];
  const config: FanoutConfig = {
    connectionsTable: readString(env, STRING_RULES.connectionsTable, problems),
    deliveryQueueUrl: readString(env, STRING_RULES.deliveryQueueUrl, problems),
    deliveryDlqUrl: readString(env, STRING_RULES.deliveryDlqUrl, problems),
    dispatchFailuresQueueUrl: readString(env, STRING_RULES.dispatchFailuresQueueUrl, problems),
    managementEndpoint: readString(env, STRING_RULES.managementEndpoint, problems),
    deliveryBatchSize: readInt(env, INT_RULES.deliveryBatchSize, problems),
    deliveryInFlight: readInt(env, INT_RULES.deliveryInFlight, problems),
    deliveryMaxAttempts: readInt(env, INT_RULES.deliveryMaxAttempts, problems),
    roomShards: readInt(env, INT_RULES.roomShards, problems),
    dispatchExpandAfter: readInt(env, INT_RULES.dispatchExpandAfter, problems),
    dispatchInlineMax: readInt(env, INT_RULES.dispatchInlineMax, problems),
  };
  if (config.managementEndpoint !== '' && !/^https?:\/\/[^/]+\/[^/]+/.test(config.managementEndpoint)) {
    problems.push(
      `WEBSOCKET_MANAGEMENT_ENDPOINT must be http(s)://host/stage (stage included), got "${config.managementEndpoint}"`,
    );
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid fan-out configuration: ${problems.join('; ')}`);
  }
  return config;
}
