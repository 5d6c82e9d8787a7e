// What a person does in the app, in terms of the `data-testid`s the templates expose.
import type { BrowserContext, Page, WebSocket as PageSocket } from 'playwright-core';

export interface MessageRow {
  messageId: string | null;
  sender: string;
  text: string;
  status: string | null;
}

export interface ChatUser {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every frame this page sent on any of its sockets, parsed. */
  readonly sentFrames: Record<string, unknown>[];
}

export async function openChat(context: BrowserContext, webUrl: string, name: string): Promise<ChatUser> {
  const page = await context.newPage();
  const sentFrames: Record<string, unknown>[] = [];
  page.on('websocket', (socket: PageSocket) => {
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string') sentFrames.push(JSON.parse(payload) as Record<string, unknown>);
    });
  });
  await page.goto(webUrl);
  await page.getByTestId('name-input').fill(name);
  await page.getByTestId('name-submit').click();
  await waitForConnection(page, 'open');
  return { name, context, page, sentFrames };
}

export async function joinRoom(user: ChatUser, roomId: string): Promise<void> {
  await user.page.getByTestId('room-input').fill(roomId);
  await user.page.getByTestId('join-room-button').click();
  await user.page.locator(`[data-testid="room-view"][data-room-id="${roomId}"]`).waitFor();
}

export async function waitForConnection(page: Page, state: string, timeout = 30_000): Promise<void> {
  await page.locator(`[data-testid="connection-banner"][data-state="${state}"]`).waitFor({ timeout });
}

export async function sendMessage(user: ChatUser, text: string): Promise<void> {
  await user.page.getByTestId('composer-input').fill(text);
  await user.page.getByTestId('composer-input').press('Enter');
}

/** The rows currently in the DOM (the list is windowed: only rows near the viewport). */
export async function renderedRows(page: Page): Promise<MessageRow[]> {
  return page.getByTestId('message-row').evaluateAll((rows) =>
    rows.map((row) => ({
      messageId: row.getAttribute('data-message-id'),
      sender: row.querySelector('[data-testid="message-sender"]')?.textContent?.trim() ?? '',
      text: row.querySelector('[data-testid="message-text"]')?.textContent ?? '',
      status: row.getAttribute('data-status'),
    })),
  );
}

/** Waits until the rendered rows satisfy `check`, returning them (or the last seen on timeout). */
export async function waitForRows(
  page: Page,
  check: (rows: MessageRow[]) => boolean,
  timeout = 30_000,
): Promise<MessageRow[]> {
  const deadline = Date.now() + timeout;
  let rows = await renderedRows(page);
  while (!check(rows) && Date.now() < deadline) {
    await page.waitForTimeout(100);
    rows = await renderedRows(page);
  }
  return rows;
}

export async function setSocketsBlocked(page: Page, blocked: boolean): Promise<void> {
  await page.evaluate((value) => {
    (window as unknown as { __chorusBlockSockets?: boolean }).__chorusBlockSockets = value;
  }, blocked);
}

/** Fires the browser's `online` event (the app reconnects at once instead of waiting out its backoff). */
export async function announceOnline(page: Page): Promise<void> {
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
}
