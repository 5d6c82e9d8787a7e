// Two people in two browser contexts, the local cloud in between: live chat, a gateway that drops
// every socket, and a message typed while offline.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { newUserContext } from './support/browser';
import {
  joinRoom,
  openChat,
  renderedRows,
  sendMessage,
  setSocketsBlocked,
  waitForConnection,
  waitForRows,
  type ChatUser,
  type MessageRow,
} from './support/chat-page';
import { useLocalCloudAndChromium } from './support/environment';
import { REPO_ROOT } from './support/local-cloud';

// `npm run screenshots` points this at docs/images to refresh the README's screenshot.
const ARTIFACTS = process.env.CHORUS_SCREENSHOT_DIR ?? join(REPO_ROOT, 'artifacts');

function transcript(rows: MessageRow[]): string[] {
  return rows.map((row) => `${row.sender}: ${row.text}`);
}

function expectUniqueIds(rows: MessageRow[]): void {
  const ids = rows.map((row) => row.messageId);
  expect(new Set(ids).size).toBe(ids.length);
}

describe('chat between two browsers', () => {
  const env = useLocalCloudAndChromium();

  async function twoUsersIn(roomId: string): Promise<[ChatUser, ChatUser]> {
    const ada = await openChat(await newUserContext(env.browser), env.cloud.endpoints.webUrl, 'Ada');
    const grace = await openChat(await newUserContext(env.browser), env.cloud.endpoints.webUrl, 'Grace');
    await joinRoom(ada, roomId);
    await joinRoom(grace, roomId);
    return [ada, grace];
  }

  async function closeUsers(...users: ChatUser[]): Promise<void> {
    await Promise.all(users.map((user) => user.context.close()));
  }

  it('(a) delivers messages both ways, marks own messages sent, and shows who is online', async () => {
    const [ada, grace] = await twoUsersIn('e2e-both-ways');

    await sendMessage(ada, 'Hello from Ada');
    await waitForRows(ada.page, (rows) => rows.some((row) => row.status === 'sent'));
    await sendMessage(grace, 'Hi Ada, Grace here');

    for (const user of [ada, grace]) {
      const rows = await waitForRows(user.page, (seen) => seen.filter((row) => row.messageId).length >= 2);
      expect(transcript(rows)).toEqual(['Ada: Hello from Ada', 'Grace: Hi Ada, Grace here']);
      expectUniqueIds(rows);
    }
    const adaRows = await renderedRows(ada.page);
    expect(adaRows.map((row) => row.status)).toEqual(['sent', 'received']);
    await ada.page.locator('[data-testid="online-user"]', { hasText: 'Grace' }).waitFor({ timeout: 30_000 });
    await closeUsers(ada, grace);
  });

  it('(b) reconnects by itself after the server drops every socket and shows what it missed once, in order', async () => {
    const [ada, grace] = await twoUsersIn('e2e-drop-all');
    await sendMessage(ada, 'Before the drop');
    await waitForRows(grace.page, (rows) => rows.some((row) => row.text === 'Before the drop'));
    await sendMessage(grace, 'See you on the other side');
    await waitForRows(ada.page, (rows) => rows.some((row) => row.text === 'See you on the other side'));
    await ada.page.locator('[data-testid="online-user"]', { hasText: 'Grace' }).waitFor({ timeout: 30_000 });
    await ada.page.evaluate(
      () => ((window as unknown as { pageMarker: string }).pageMarker = 'not reloaded'),
    );

    // Ada's reconnects fail for a while (the gateway is unreachable for her); Grace's go through.
    await setSocketsBlocked(ada.page, true);
    expect(await env.cloud.dropAllSockets()).toBeGreaterThanOrEqual(2);
    await waitForConnection(ada.page, 'reconnecting');
    await waitForConnection(grace.page, 'open');

    const missed = ['missed 1', 'missed 2', 'missed 3', 'missed 4', 'missed 5'];
    for (const text of missed) {
      await sendMessage(grace, text);
    }
    await waitForRows(grace.page, (rows) => rows.filter((row) => row.status === 'sent').length >= 6);

    await mkdir(ARTIFACTS, { recursive: true });
    await ada.page.locator('[data-testid="connection-banner"][data-state="reconnecting"]').waitFor();
    await ada.page.screenshot({ path: join(ARTIFACTS, 'chat.png') });

    await setSocketsBlocked(ada.page, false);
    // No reload, no online event: the backoff timer (capped at 30 s) brings Ada back.
    await waitForConnection(ada.page, 'open', 45_000);
    const expected = [
      'Ada: Before the drop',
      'Grace: See you on the other side',
      ...missed.map((t) => `Grace: ${t}`),
    ];
    await waitForRows(ada.page, (rows) => rows.length >= expected.length);
    await ada.page.waitForTimeout(1_500); // late duplicates (at-least-once delivery) would show up here
    const rows = await renderedRows(ada.page);
    expect([...transcript(rows)].sort()).toEqual([...expected].sort());
    expectUniqueIds(rows);
    // In order: Grace's five sends were in flight together, so the server's id order is the truth,
    // and both people see exactly that order.
    const ids = rows.map((row) => row.messageId ?? '');
    expect(ids).toEqual([...ids].sort());
    expect(rows.map((row) => row.messageId)).toEqual(
      (await renderedRows(grace.page)).map((row) => row.messageId),
    );
    expect(await ada.page.evaluate(() => (window as unknown as { pageMarker?: string }).pageMarker)).toBe(
      'not reloaded',
    );
    await closeUsers(ada, grace);
  });

  it('(c) keeps a message typed while offline pending and delivers it once after reconnecting', async () => {
    const [ada, grace] = await twoUsersIn('e2e-offline');

    await ada.context.setOffline(true);
    await waitForConnection(ada.page, 'offline');
    await sendMessage(ada, 'Typed while offline');
    const pending = await waitForRows(ada.page, (rows) => rows.some((row) => row.status === 'pending'));
    expect(pending).toEqual([expect.objectContaining({ text: 'Typed while offline', status: 'pending' })]);

    await ada.context.setOffline(false);
    await waitForConnection(ada.page, 'open');
    await waitForRows(ada.page, (rows) => rows.some((row) => row.status === 'sent'));
    await waitForRows(grace.page, (rows) => rows.length > 0);
    await grace.page.waitForTimeout(1_500);

    const graceRows = await renderedRows(grace.page);
    expect(transcript(graceRows)).toEqual(['Ada: Typed while offline']);
    const sends = ada.sentFrames.filter((frame) => frame['action'] === 'sendMessage');
    expect(sends.length).toBeGreaterThanOrEqual(1);
    expect(new Set(sends.map((frame) => frame['clientMsgId'])).size).toBe(1);
    await closeUsers(ada, grace);
  });

  it('(e) fits a phone: one column under 640 px, nothing wider than the screen', async () => {
    const context = await newUserContext(env.browser);
    const phone = await openChat(context, env.cloud.endpoints.webUrl, 'Linus');
    await phone.page.setViewportSize({ width: 375, height: 740 });
    await joinRoom(phone, 'e2e-phone');
    await sendMessage(
      phone,
      'A message long enough to wrap at phone width, which the row clamps to two lines',
    );
    await waitForRows(phone.page, (rows) => rows.length === 1);

    const layout = await phone.page.evaluate(() => {
      const box = (testId: string): DOMRect | undefined =>
        document.querySelector(`[data-testid="${testId}"]`)?.getBoundingClientRect();
      return {
        scrollWidth: document.documentElement.scrollWidth,
        rooms: box('room-list'),
        messages: box('message-list'),
        composer: box('composer-input'),
      };
    });
    expect(layout.scrollWidth).toBeLessThanOrEqual(375);
    expect(layout.messages?.width).toBeGreaterThan(300);
    expect(layout.rooms?.bottom).toBeLessThanOrEqual(layout.messages?.top ?? 0);
    expect(layout.composer?.right).toBeLessThanOrEqual(375);
    await context.close();
  });
});
