// Debian's Chromium driven by playwright-core (no downloaded browsers). Each user gets their own
// browser context: separate storage, separate WebSocket, like two people on two machines.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  // launch() gives every run a fresh temporary profile (user-data dir) and removes it on close.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Lets a test cut one user's WebSocket reconnects (`window.__chorusBlockSockets = true`): new
 * sockets then go to a closed port and fail at once, as when the gateway is unreachable, while the
 * page, its timers and the other user keep running.
 */
function installSocketBlocker(): void {
  const NativeWebSocket = window.WebSocket;
  const flags = window as unknown as { __chorusBlockSockets?: boolean };
  class BlockableWebSocket extends NativeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(flags.__chorusBlockSockets === true ? 'ws://127.0.0.1:9/unreachable' : url, protocols);
    }
  }
  window.WebSocket = BlockableWebSocket;
}

/** A laptop window unless told otherwise; `PHONE` is an iPhone SE-sized portrait screen. */
export const PHONE = { width: 375, height: 667 } as const;

export async function newUserContext(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1100, height: 760 },
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(installSocketBlocker);
  return context;
}
