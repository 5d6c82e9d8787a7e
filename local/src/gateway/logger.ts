// Default loggers for the gateway when the caller injects none.
import type { GatewayLogger } from './types';

function line(level: string, message: string, extra?: Record<string, unknown>): string {
  return JSON.stringify({
    level,
    service: 'gateway',
    message,
    ...extra,
    timestamp: new Date().toISOString(),
  });
}

/** Warnings and errors as JSON lines on stderr; debug and info are dropped. */
export const consoleLogger: GatewayLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, extra) => process.stderr.write(`${line('WARN', message, extra)}\n`),
  error: (message, extra) => process.stderr.write(`${line('ERROR', message, extra)}\n`),
};

export const silentLogger: GatewayLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
