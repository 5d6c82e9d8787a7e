// What every browser spec file needs: one local cloud and one Chromium, started before its tests
// and stopped after them. Register it at the top of a `describe`.
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { startLocalCloud, type LocalCloud } from './local-cloud';

export interface E2eEnvironment {
  readonly cloud: LocalCloud;
  readonly browser: Browser;
}

export function useLocalCloudAndChromium(): E2eEnvironment {
  let cloud: LocalCloud | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    cloud = await startLocalCloud();
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
  }, 60_000);

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started (used outside a test?)`);
    return value;
  };
  return {
    get cloud() {
      return started(cloud, 'the local cloud');
    },
    get browser() {
      return started(browser, 'Chromium');
    },
  };
}
