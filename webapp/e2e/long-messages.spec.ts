// Messages shown whole: rows take the height of their text, so a 2,000-character message reads in
// full on a phone, while the list stays windowed and keeps the reader's place as pages load above.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { PHONE, newUserContext } from './support/browser';
import { joinRoom, openChat, renderedRows, sendMessage, waitForRows } from './support/chat-page';
import { useLocalCloudAndChromium } from './support/environment';
import { REPO_ROOT } from './support/local-cloud';
import { seedRoom } from './support/seed';

const ARTIFACTS = join(REPO_ROOT, 'artifacts');
const MAX_ROWS_IN_DOM = 60;

/** `length` characters of numbered words, ending in a marker that must be on screen too. */
function wordsOf(length: number, tag: string): string {
  const ending = ' THE-END';
  let text = '';
  for (let word = 1; text.length < length; word += 1) {
    text += `${tag}${String(word).padStart(4, '0')} `;
  }
  return (
    text
      .slice(0, length - ending.length)
      .trimEnd()
      .padEnd(length - ending.length, '.') + ending
  );
}

interface TopRow {
  readonly id: string;
  readonly y: number;
}

/** Closer than this to the top, the list asks for older messages (as in message-list.ts). */
const LOAD_OLDER_PX = 150;

/**
 * The first row whose top is inside the list's viewport, and where it is on screen; after
 * scrolling by `scrollBy` first (read in the same task, before the app reacts to the scroll).
 */
function firstRowInView(list: Locator, scrollBy = 0): Promise<TopRow> {
  return list.evaluate((element, by) => {
    element.scrollBy({ top: by });
    const viewportTop = element.getBoundingClientRect().top;
    const rows = Array.from(element.querySelectorAll<HTMLElement>('[data-testid="message-row"]'));
    const row = rows.find((candidate) => candidate.getBoundingClientRect().top >= viewportTop);
    return { id: row?.dataset['messageId'] ?? '', y: row?.getBoundingClientRect().top ?? Number.NaN };
  }, scrollBy);
}

/** Waits until the list has stopped moving: the same scroll offset over several frames. */
async function settled(list: Locator): Promise<void> {
  await list.evaluate(async (element) => {
    let last = Number.NaN;
    for (let still = 0; still < 5;) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      still = element.scrollTop === last ? still + 1 : 0;
      last = element.scrollTop;
    }
  });
}

describe('long messages', () => {
  const env = useLocalCloudAndChromium();

  it('(e) shows a 2,000-character message in full at phone width', async () => {
    const text = wordsOf(2_000, 'w');
    expect(text).toHaveLength(2_000);
    const ada = await openChat(await newUserContext(env.browser, PHONE), env.cloud.endpoints.webUrl, 'Ada');
    await joinRoom(ada, 'e2e-long');
    await sendMessage(ada, text);
    const rows = await waitForRows(ada.page, (shown) => shown.some((row) => row.status === 'sent'));
    expect(rows.find((row) => row.status === 'sent')?.text).toBe(text);

    const row = ada.page.locator('[data-testid="message-row"][data-status="sent"]');
    const box = await row.evaluate((element) => {
      const textBox = element.querySelector<HTMLElement>('[data-testid="message-text"]');
      if (textBox === null) throw new Error('the row has no text');
      const rect = textBox.getBoundingClientRect();
      return {
        shown: textBox.innerText,
        textScrollHeight: textBox.scrollHeight,
        textClientHeight: textBox.clientHeight,
        textScrollWidth: textBox.scrollWidth,
        textClientWidth: textBox.clientWidth,
        rowScrollHeight: element.scrollHeight,
        rowClientHeight: element.clientHeight,
        textHeight: rect.height,
        textRight: rect.right,
        pageWidth: document.documentElement.clientWidth,
      };
    });
    expect(box.shown).toBe(text);
    // Nothing of the text box is cut off, down or across, and the row holds all of it.
    expect(box.textScrollHeight).toBeLessThanOrEqual(box.textClientHeight);
    expect(box.textScrollWidth).toBeLessThanOrEqual(box.textClientWidth);
    expect(box.rowScrollHeight).toBeLessThanOrEqual(box.rowClientHeight);
    expect(box.textRight).toBeLessThanOrEqual(box.pageWidth);
    // Many lines, not the two a fixed row had room for.
    expect(box.textHeight).toBeGreaterThan(20 * 16);

    // The list sticks to the newest message: the text's last line is on screen, not under anything.
    const endVisible = await row.evaluate((element) => {
      const textBox = element.querySelector<HTMLElement>('[data-testid="message-text"]');
      const rect = textBox?.getBoundingClientRect();
      if (textBox === null || rect === undefined) return false;
      const hit = document.elementFromPoint(rect.left + 4, rect.bottom - 4);
      return hit !== null && textBox.contains(hit);
    });
    expect(endVisible).toBe(true);
    mkdirSync(ARTIFACTS, { recursive: true });
    await ada.page.screenshot({ path: join(ARTIFACTS, 'long-message-375-end.png') });
    // And its beginning, with the sender and time, scrolled to the top of the list.
    await row.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await ada.page.screenshot({ path: join(ARTIFACTS, 'long-message-375-start.png') });
  }, 300_000);

  it('(f) keeps rows of mixed heights windowed and the reader in place as older pages load', async () => {
    const roomId = 'e2e-mixed';
    const texts = Array.from({ length: 200 }, (_, i) =>
      i % 5 === 0 ? wordsOf(300 + ((i * 37) % 900), `m${i}-`) : `short ${i}`,
    );
    const seeder = await (await newUserContext(env.browser)).newPage();
    expect(await seedRoom(seeder, env.cloud.endpoints, roomId, texts)).toBe(texts.length);

    const reader = await openChat(
      await newUserContext(env.browser, PHONE),
      env.cloud.endpoints.webUrl,
      'Reader',
    );
    await joinRoom(reader, roomId);
    const firstView = await waitForRows(reader.page, (rows) => rows.length > 3);
    expect(firstView.length).toBeLessThan(MAX_ROWS_IN_DOM);
    const olderPages = (): number =>
      reader.sentFrames.filter((frame) => frame['action'] === 'history' && frame['before'] !== undefined)
        .length;
    expect(olderPages()).toBe(0);

    // Scroll up through the newest page (rows get measured on the way), short of the top.
    const list = reader.page.getByTestId('message-list');
    await list.evaluate((element) => element.scrollTo({ top: 400 }));
    await settled(list);
    await list.evaluate((element, top) => element.scrollTo({ top }), LOAD_OLDER_PX + 30);
    await settled(list);
    expect(olderPages()).toBe(0);

    // A little further up, near the top: the list asks for the older page. Note which message is
    // on screen, and where.
    const before = await firstRowInView(list, -40);
    expect(before.id).not.toBe('');
    await waitForRows(reader.page, () => olderPages() === 1, 30_000);
    expect(olderPages()).toBe(1);
    // The page lands above: the list grows upwards while the same message stays where it was.
    await reader.page.waitForFunction(() => {
      const element = document.querySelector('[data-testid="message-list"]');
      return element !== null && element.scrollTop > 1_000;
    });
    await settled(list);
    const after = await reader.page
      .locator(`[data-message-id="${before.id}"]`)
      .evaluate((row) => row.getBoundingClientRect().top);
    expect(Math.abs(after - before.y)).toBeLessThanOrEqual(2);
    expect((await renderedRows(reader.page)).length).toBeLessThan(MAX_ROWS_IN_DOM);
  }, 600_000);
});
