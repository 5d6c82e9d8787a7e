// A room with 500 messages: the client loads one page, renders only the rows near the viewport,
// and pages older history in as the reader scrolls up.
import { newUserContext } from './support/browser';
import { joinRoom, openChat, renderedRows, waitForRows } from './support/chat-page';
import { useLocalCloudAndChromium } from './support/environment';
import { seedRoom } from './support/seed';

const ROOM = 'e2e-history';
const FIRST_WINDOW = 20;
const MESSAGE_COUNT = 500;

describe('long history', () => {
  const env = useLocalCloudAndChromium();

  it('(d) scrolls 500 messages without loading or rendering them all at once', async () => {
    const seeder = await (await newUserContext(env.browser)).newPage();
    const texts = Array.from({ length: MESSAGE_COUNT }, (_, i) => `seed ${String(i + 1).padStart(3, '0')}`);
    expect(await seedRoom(seeder, env.cloud.endpoints, ROOM, texts)).toBe(MESSAGE_COUNT);

    const reader = await openChat(await newUserContext(env.browser), env.cloud.endpoints.webUrl, 'Reader');
    await joinRoom(reader, ROOM);
    const firstView = await waitForRows(reader.page, (rows) => rows.length > 5);
    expect(firstView.length).toBeGreaterThan(5);
    // The newest page only: every row shown is one of the last seeds.
    expect(firstView.every((row) => Number(row.text.replace('seed ', '')) > MESSAGE_COUNT - 100)).toBe(true);
    expect(firstView.length).toBeLessThan(60);
    const history = (): Record<string, unknown>[] =>
      reader.sentFrames.filter((frame) => frame['action'] === 'history');
    expect(history()).toHaveLength(1);

    const list = reader.page.getByTestId('message-list');
    let maxRendered = firstView.length;
    // Scroll to the top until that no longer asks for an older page.
    for (let scroll = 0; scroll < 20; scroll += 1) {
      const requests = history().length;
      await list.evaluate((element) => element.scrollTo({ top: 0 }));
      await waitForRows(reader.page, () => history().length > requests, 3_000);
      await reader.page.getByTestId('loading-older').waitFor({ state: 'detached' });
      maxRendered = Math.max(maxRendered, (await renderedRows(reader.page)).length);
      if (history().length === requests) break;
    }
    await list.evaluate((element) => element.scrollTo({ top: 0 }));
    await reader.page.waitForTimeout(200);

    // The seeder keeps 20 sends in flight, so ids (server order) only roughly follow the seed
    // numbers: the top is reached when one of the first window of seeds is the first row.
    const top = await renderedRows(reader.page);
    const firstSeed = Number(top[0]?.text.replace('seed ', ''));
    expect(firstSeed).toBeLessThanOrEqual(FIRST_WINDOW);
    const topIds = top.map((row) => row.messageId ?? '');
    expect(topIds).toEqual([...topIds].sort());
    expect(new Set(topIds).size).toBe(topIds.length);
    expect(maxRendered).toBeLessThan(60);
    const older = history().filter((frame) => frame['before'] !== undefined);
    expect(older.length).toBeGreaterThanOrEqual(9);
    expect(older.length).toBeLessThanOrEqual(10);
    for (const frame of history()) {
      expect(frame['limit']).toBeLessThanOrEqual(100);
    }
  }, 600_000);
});
