// Everything the socket takes from the outside world, behind tokens so unit tests run under fake
// time with a pinned random source and never open a network socket.
import { DOCUMENT, InjectionToken, inject } from '@angular/core';
import { asyncScheduler, fromEvent, NEVER, type Observable, type SchedulerLike } from 'rxjs';
import { webSocket, type WebSocketSubject, type WebSocketSubjectConfig } from 'rxjs/webSocket';

/** Returns a number in [0, 1) like Math.random (used for backoff jitter). */
export type RandomSource = () => number;

export const RANDOM_SOURCE = new InjectionToken<RandomSource>('RandomSource', {
  providedIn: 'root',
  factory: () => Math.random,
});

/** Every timer of the chat (backoff, heartbeat, ack timeouts) runs on this scheduler. */
export const CHAT_SCHEDULER = new InjectionToken<SchedulerLike>('ChatScheduler', {
  providedIn: 'root',
  factory: () => asyncScheduler,
});

export type WebSocketFactory = (config: WebSocketSubjectConfig<unknown>) => WebSocketSubject<unknown>;

export const WEB_SOCKET_FACTORY = new InjectionToken<WebSocketFactory>('WebSocketFactory', {
  providedIn: 'root',
  factory: () => webSocket,
});

/** The browser's view of the network: `online`/`offline` events and navigator.onLine. */
export interface NetworkStatus {
  readonly online$: Observable<unknown>;
  readonly offline$: Observable<unknown>;
  isOnline(): boolean;
}

export const NETWORK_STATUS = new InjectionToken<NetworkStatus>('NetworkStatus', {
  providedIn: 'root',
  factory: (): NetworkStatus => {
    const window = inject(DOCUMENT).defaultView;
    if (!window) {
      return { online$: NEVER, offline$: NEVER, isOnline: () => true };
    }
    return {
      online$: fromEvent(window, 'online'),
      offline$: fromEvent(window, 'offline'),
      isOnline: () => window.navigator.onLine !== false,
    };
  },
});
