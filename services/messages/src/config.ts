// Configuration read once per container. A missing table name is a deployment mistake, so it is
// reported by name instead of surfacing later as an opaque SDK validation error.
import { ConfigError } from './errors';

export interface MessagesConfig {
  /** The messages table this service owns (`chorus-messages-<stage>`). */
  messagesTable: string;
  /** The connections service's table, read-only here (sender row and room membership). */
  connectionsTable: string;
  /** Per-user send rate: sustained sends per second (SEND_RATE_PER_SECOND, default 10). */
  sendRatePerSecond: number;
  /** Per-user send burst: sends at once after a quiet spell (SEND_RATE_BURST, default 50). */
  sendRateBurst: number;
  /** Per-user history requests per second (HISTORY_RATE_PER_SECOND, default 10). */
  historyRatePerSecond: number;
  /**
   * Per-user history requests at once (HISTORY_RATE_BURST, default 100): a reconnect catches up
   * every joined room (up to 50) at once, a page or two each.
   */
  historyRateBurst: number;
}

function positiveNumber(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  integer: boolean,
): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new ConfigError(
      `${name} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function required(env: Record<string, string | undefined>, name: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value.length === 0) {
    throw new ConfigError(`Environment variable ${name} is not set; serverless.yml must provide it`);
  }
  return value;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): MessagesConfig {
  return {
    messagesTable: required(env, 'MESSAGES_TABLE'),
    connectionsTable: required(env, 'CONNECTIONS_TABLE'),
    sendRatePerSecond: positiveNumber(env, 'SEND_RATE_PER_SECOND', 10, false),
    sendRateBurst: positiveNumber(env, 'SEND_RATE_BURST', 50, true),
    historyRatePerSecond: positiveNumber(env, 'HISTORY_RATE_PER_SECOND', 10, false),
    historyRateBurst: positiveNumber(env, 'HISTORY_RATE_BURST', 100, true),
  };
}
