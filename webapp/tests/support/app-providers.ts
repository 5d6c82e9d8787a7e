import type { EnvironmentProviders, Provider } from '@angular/core';
import { provideRouter } from '@angular/router';
import { NETWORK_STATUS, WEB_SOCKET_FACTORY } from '../../src/app/connection/socket-environment';
import { BROWSER_STORAGE, memoryStorage, type KeyValueStorage } from '../../src/app/core/browser-storage';
import { RUNTIME_CONFIG } from '../../src/app/core/runtime-config';
import { FakeNetwork } from './fake-network';
import { fakeWebSocketFactory } from './fake-web-socket';

/** Everything the app injects from the outside, faked: no network, no real localStorage. */
export function fakeAppProviders(
  storage: KeyValueStorage = memoryStorage(),
): (Provider | EnvironmentProviders)[] {
  return [
    provideRouter([]),
    { provide: RUNTIME_CONFIG, useValue: { websocketUrl: 'ws://chorus.test/local' } },
    { provide: WEB_SOCKET_FACTORY, useValue: fakeWebSocketFactory },
    { provide: NETWORK_STATUS, useValue: new FakeNetwork() },
    { provide: BROWSER_STORAGE, useValue: storage },
  ];
}
