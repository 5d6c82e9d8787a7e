// Configuration read once per container. A missing table name is a deployment mistake, so it is
// reported by name instead of surfacing later as an opaque SDK validation error.
import { ConfigError } from './errors';

export interface MessagesConfig {
  /** The messages table this service owns (`chorus-messages-<stage>`). */
  messagesTable: string;
  /** The connections service's table, read-only here (sender row and room membership). */
  connectionsTable: string;
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
  };
}
