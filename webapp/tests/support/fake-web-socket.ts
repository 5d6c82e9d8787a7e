// A stand-in for the browser WebSocket, handed to the real rxjs `webSocket` as its WebSocketCtor,
// so ChatSocket runs its production code path without opening a network socket.
import { webSocket } from 'rxjs/webSocket';
import type { WebSocketFactory } from '../../src/app/connection/socket-environment';

export class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];

  readyState = FakeWebSocket.CONNECTING;
  readonly sent: string[] = [];
  closedByClient = false;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }

  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.instances[FakeWebSocket.instances.length - 1];
    if (socket === undefined) {
      throw new Error('no socket was created');
    }
    return socket;
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(): void {
    this.closedByClient = true;
    this.readyState = FakeWebSocket.CLOSED;
  }

  // ---- what the server / network does ----

  acceptConnection(): void {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.({ type: 'open' });
  }

  receive(frame: object | string): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /** The connection is lost without a close frame (what API Gateway's idle/2 h limits or a network cut look like). */
  drop(): void {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ wasClean: false, code: 1006, reason: '' });
  }

  sentFrames(): Record<string, unknown>[] {
    return this.sent.map((raw) => JSON.parse(raw) as Record<string, unknown>);
  }

  sentActions(action: string): Record<string, unknown>[] {
    return this.sentFrames().filter((frame) => frame['action'] === action);
  }
}

export const fakeWebSocketFactory: WebSocketFactory = (config) =>
  webSocket({ ...config, WebSocketCtor: FakeWebSocket as unknown as typeof WebSocket });
