// The live connections: one record per connection id, from the upgrade request until $disconnect
// has been handed to the integration. Only `open` connections (the 101 went out after $connect
// returned 2xx) can be posted to; every other state answers 410 Gone.
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { CloseSpec } from './limits';
import type { ConnectionIdentity } from './types';

/** connecting: $connect pending · open: upgraded · closing: close started · closed: socket gone. */
export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';

export interface GatewayConnection {
  readonly connectionId: string;
  /** Epoch ms of the upgrade request. */
  readonly connectedAt: number;
  readonly identity: ConnectionIdentity;
  /** Host header of the upgrade request (repeated in the DISCONNECT event). */
  readonly host: string;
  state: ConnectionState;
  /** Epoch ms of the last data frame (GetConnection's lastActiveAt). */
  lastActiveAt: number;
  /** The raw TCP socket, so a pending handshake can be dropped too. */
  readonly rawSocket: Duplex;
  socket?: WebSocket;
  /** Why the gateway closed it, when it did (reported in $disconnect instead of the client's echo). */
  closeCause?: CloseSpec;
}

/** A connection as the admin API lists it. */
export interface ConnectionSummary {
  connectionId: string;
  state: ConnectionState;
  connectedAt: string;
  lastActiveAt: string;
  identity: ConnectionIdentity;
}

export class ConnectionRegistry<T extends GatewayConnection = GatewayConnection> {
  private readonly connections = new Map<string, T>();

  add(connection: T): void {
    this.connections.set(connection.connectionId, connection);
  }

  get(connectionId: string): T | undefined {
    return this.connections.get(connectionId);
  }

  /** The connection if it can receive PostToConnection, GetConnection and DeleteConnection. */
  getOpen(connectionId: string): T | undefined {
    const connection = this.connections.get(connectionId);
    return connection?.state === 'open' ? connection : undefined;
  }

  remove(connectionId: string): void {
    this.connections.delete(connectionId);
  }

  all(): T[] {
    return [...this.connections.values()];
  }

  get size(): number {
    return this.connections.size;
  }

  summaries(): ConnectionSummary[] {
    return this.all().map((c) => ({
      connectionId: c.connectionId,
      state: c.state,
      connectedAt: new Date(c.connectedAt).toISOString(),
      lastActiveAt: new Date(c.lastActiveAt).toISOString(),
      identity: { ...c.identity },
    }));
  }
}
