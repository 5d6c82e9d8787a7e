// The one WebSocket of the app. It heals itself: reconnects with capped full-jitter backoff,
// at once when the browser comes back online, when the heartbeat finds the socket dead, and ahead
// of API Gateway's 2-hour limit. Rooms and outboxes listen to `opened$` to re-join and catch up.
import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import {
  BehaviorSubject,
  EMPTY,
  Subject,
  Subscription,
  exhaustMap,
  filter,
  interval,
  merge,
  take,
  timeout,
  timer,
  type Observable,
} from 'rxjs';
import type { WebSocketSubject } from 'rxjs/webSocket';
import {
  ErrorCode,
  fullJitterDelayMs,
  parseServerFrame,
  type ClientFrameInput,
  type ServerFrame,
  type ServerFrameOf,
  type ServerFrameType,
} from '@chorus/protocol';
import { RUNTIME_CONFIG } from '../core/runtime-config';
import { CHAT_SOCKET_OPTIONS } from './chat-socket-options';
import type { ConnectionState } from './connection-state';
import { CHAT_SCHEDULER, NETWORK_STATUS, RANDOM_SOURCE, WEB_SOCKET_FACTORY } from './socket-environment';

/** `?token=` carries the signed-in user's ID token; the $connect authorizer verifies it. */
export function socketUrlFor(websocketUrl: string, token: string): string {
  const url = new URL(websocketUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

@Injectable({ providedIn: 'root' })
export class ChatSocket {
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly options = inject(CHAT_SOCKET_OPTIONS);
  private readonly createSocket = inject(WEB_SOCKET_FACTORY);
  private readonly random = inject(RANDOM_SOURCE);
  private readonly scheduler = inject(CHAT_SCHEDULER);
  private readonly network = inject(NETWORK_STATUS);

  private readonly stateSubject = new BehaviorSubject<ConnectionState>({ kind: 'idle' });
  private readonly stateSignal = signal<ConnectionState>({ kind: 'idle' });
  private readonly frames = new Subject<ServerFrame>();
  private readonly opened = new Subject<void>();
  private readonly probes = new Subject<void>();

  readonly state$: Observable<ConnectionState> = this.stateSubject.asObservable();
  readonly state = this.stateSignal.asReadonly();
  /** Every valid server frame; invalid ones are logged and dropped. */
  readonly frames$: Observable<ServerFrame> = this.frames.asObservable();
  /** Emits after every successful (re)connect. */
  readonly opened$: Observable<void> = this.opened.asObservable();

  private url: string | undefined;
  private socket: WebSocketSubject<unknown> | undefined;
  /** Everything that lives as long as the current socket: its subscription and its timers. */
  private connection = new Subscription();
  private retry: Subscription | undefined;
  /** Failed attempts since the last stable connection; drives the backoff ceiling. */
  private attempt = 0;

  constructor() {
    const listeners = new Subscription();
    listeners.add(this.network.online$.subscribe(() => this.onBrowserOnline()));
    listeners.add(this.network.offline$.subscribe(() => this.onBrowserOffline()));
    inject(DestroyRef).onDestroy(() => {
      listeners.unsubscribe();
      this.disconnect();
    });
  }

  /** Opens the socket with this token (and reconnects with it until `useToken` renews it). */
  connect(token: string): void {
    this.url = socketUrlFor(this.config.websocketUrl, token);
    this.attempt = 0;
    this.cancelRetry();
    this.closeSocket();
    if (this.network.isOnline()) {
      this.open();
    } else {
      this.setState({ kind: 'offline' });
    }
  }

  /**
   * A renewed token: the open socket stays (API Gateway checks tokens at the handshake only), and
   * every later reconnect presents the new one.
   */
  useToken(token: string): void {
    if (this.url !== undefined) this.url = socketUrlFor(this.config.websocketUrl, token);
  }

  disconnect(): void {
    this.url = undefined;
    this.cancelRetry();
    this.closeSocket();
    this.setState({ kind: 'idle' });
  }

  isOpen(): boolean {
    return this.stateSubject.value.kind === 'open';
  }

  /** Sends when the socket is open; returns false otherwise so callers can queue (never buffered here). */
  send(frame: ClientFrameInput): boolean {
    if (!this.isOpen() || this.socket === undefined) {
      return false;
    }
    this.socket.next(frame);
    return true;
  }

  frameOf<T extends ServerFrameType>(type: T): Observable<ServerFrameOf<T>> {
    return this.frames$.pipe(filter((frame): frame is ServerFrameOf<T> => frame.type === type));
  }

  private open(): void {
    const url = this.url;
    if (url === undefined) {
      return;
    }
    this.setState({ kind: 'connecting', attempt: this.attempt });
    const connection = new Subscription();
    this.connection = connection;
    const socket = this.createSocket({
      url,
      serializer: (frame) => JSON.stringify(frame),
      deserializer: (event: MessageEvent) => event.data,
      openObserver: { next: () => this.onOpen(connection) },
    });
    this.socket = socket;
    connection.add(
      socket.subscribe({
        next: (raw) => this.onRawFrame(raw),
        error: () => this.onDropped(connection),
        complete: () => this.onDropped(connection),
      }),
    );
  }

  private onOpen(connection: Subscription): void {
    if (connection !== this.connection) {
      return;
    }
    this.setState({ kind: 'open' });
    const { stableAfterMs, plannedReconnectMs } = this.options;
    connection.add(timer(stableAfterMs, this.scheduler).subscribe(() => (this.attempt = 0)));
    connection.add(this.heartbeat().subscribe({ error: () => this.onDropped(connection) }));
    connection.add(timer(plannedReconnectMs, this.scheduler).subscribe(() => this.reconnectNow()));
    this.opened.next();
  }

  /** Pings on a timer (and on demand); a pong that does not come in time errors the stream. */
  private heartbeat(): Observable<unknown> {
    const { heartbeatIntervalMs, pongTimeoutMs } = this.options;
    return merge(interval(heartbeatIntervalMs, this.scheduler), this.probes).pipe(
      exhaustMap(() => {
        if (!this.send({ action: 'ping', ts: this.scheduler.now() })) {
          return EMPTY;
        }
        return this.frameOf('pong').pipe(
          take(1),
          timeout({ first: pongTimeoutMs, scheduler: this.scheduler }),
        );
      }),
    );
  }

  private onRawFrame(raw: unknown): void {
    if (typeof raw !== 'string') {
      console.warn('[chorus] dropped a non-text frame');
      return;
    }
    let frame: ServerFrame;
    try {
      frame = parseServerFrame(raw);
    } catch (error) {
      console.warn('[chorus] dropped an invalid server frame:', (error as Error).message);
      return;
    }
    this.frames.next(frame);
    if (frame.type === 'error' && frame.code === ErrorCode.UNKNOWN_CONNECTION) {
      // The server no longer knows this connection (row expired or removed): only a new socket helps.
      this.onDropped(this.connection);
    }
  }

  private onDropped(connection: Subscription): void {
    if (connection !== this.connection) {
      return;
    }
    this.closeSocket();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.url === undefined) {
      return;
    }
    if (!this.network.isOnline()) {
      this.setState({ kind: 'offline' });
      return;
    }
    this.attempt += 1;
    const nextDelayMs = fullJitterDelayMs(
      this.attempt,
      { baseMs: this.options.backoffBaseMs, capMs: this.options.backoffCapMs },
      this.random,
    );
    this.setState({ kind: 'reconnecting', attempt: this.attempt, nextDelayMs });
    this.retry = this.scheduler.schedule(() => {
      this.retry = undefined;
      this.open();
    }, nextDelayMs);
  }

  /** Planned reconnect: drop the current socket and open a new one without backoff. */
  private reconnectNow(): void {
    this.cancelRetry();
    this.closeSocket();
    this.open();
  }

  private onBrowserOnline(): void {
    if (this.url === undefined) {
      return;
    }
    const { kind } = this.stateSubject.value;
    if (kind === 'open') {
      // The old socket may be half-open after a network change: check it now, not at the next ping.
      this.probes.next();
    } else if (kind === 'reconnecting' || kind === 'offline') {
      this.reconnectNow();
    }
  }

  private onBrowserOffline(): void {
    if (this.url === undefined) {
      return;
    }
    this.cancelRetry();
    this.closeSocket();
    this.setState({ kind: 'offline' });
  }

  private closeSocket(): void {
    const connection = this.connection;
    this.connection = new Subscription();
    this.socket = undefined;
    connection.unsubscribe();
  }

  private cancelRetry(): void {
    this.retry?.unsubscribe();
    this.retry = undefined;
  }

  private setState(state: ConnectionState): void {
    this.stateSubject.next(state);
    this.stateSignal.set(state);
  }
}
