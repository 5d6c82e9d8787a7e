// Timing knobs of the self-healing socket. The defaults follow API Gateway's limits: connections
// idle for 10 minutes are closed (the heartbeat keeps them busy) and every connection is closed
// after 2 hours (we leave first, at a moment we choose).
import { InjectionToken } from '@angular/core';
import { IDLE_TIMEOUT_MS, MAX_CONNECTION_MS } from '@chorus/protocol';

export interface ChatSocketOptions {
  /** Full-jitter backoff: first retry waits up to `backoffBaseMs`, doubling up to `backoffCapMs`. */
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  /** A connection open this long counts as stable and resets the backoff attempt counter. */
  readonly stableAfterMs: number;
  /** A ping this often keeps the gateway's idle timer from firing and detects half-open sockets. */
  readonly heartbeatIntervalMs: number;
  /** No pong within this time after a ping means the socket is dead. */
  readonly pongTimeoutMs: number;
  /** Reconnect on our own terms before the gateway's 2-hour hard limit. */
  readonly plannedReconnectMs: number;
}

export const DEFAULT_CHAT_SOCKET_OPTIONS: ChatSocketOptions = {
  backoffBaseMs: 500,
  backoffCapMs: 30_000,
  stableAfterMs: 10_000,
  heartbeatIntervalMs: Math.min(30_000, IDLE_TIMEOUT_MS / 4),
  pongTimeoutMs: 10_000,
  plannedReconnectMs: MAX_CONNECTION_MS - 5 * 60 * 1000,
};

export const CHAT_SOCKET_OPTIONS = new InjectionToken<ChatSocketOptions>('ChatSocketOptions', {
  providedIn: 'root',
  factory: () => DEFAULT_CHAT_SOCKET_OPTIONS,
});
