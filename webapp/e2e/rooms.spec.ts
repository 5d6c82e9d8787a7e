// A private room in three browsers: the owner creates it with one member's id (read off that
// member's top bar), an outsider is refused with a clear notice, and the owner adds them.
import { newUserContext } from './support/browser';
import { joinRoom, openChat, sendMessage, waitForRows, type ChatUser } from './support/chat-page';
import { useLocalCloudAndChromium } from './support/environment';

describe('private rooms in the browser', () => {
  const env = useLocalCloudAndChromium();

  async function open(name: string): Promise<ChatUser> {
    return openChat(await newUserContext(env.browser), env.cloud.endpoints.webUrl, name);
  }

  async function userIdOf(user: ChatUser): Promise<string> {
    const id = await user.page.getByTestId('current-user-id').textContent();
    expect(id).toMatch(/^local-/);
    return id!.trim();
  }

  it('creates a private room with a member, refuses an outsider clearly, and lets the owner add them', async () => {
    const [ada, bob, eve] = [await open('Ada'), await open('Bob'), await open('Eve')];

    await ada.page.getByTestId('room-input').fill('e2e-club');
    await ada.page.getByTestId('private-room').check();
    await ada.page.getByTestId('room-members').fill(await userIdOf(bob));
    await ada.page.getByTestId('join-room-button').click();
    await ada.page.locator('[data-testid="room-view"][data-room-id="e2e-club"]').waitFor();
    await ada.page.getByTestId('room-members-panel').waitFor();

    await joinRoom(bob, 'e2e-club');
    await sendMessage(ada, 'members only');
    await waitForRows(bob.page, (rows) => rows.some((row) => row.text === 'members only'));

    await joinRoom(eve, 'e2e-club');
    await eve.page.getByTestId('join-refused').waitFor();
    expect(await eve.page.getByTestId('join-refused').textContent()).toMatch(/private.*user id/);
    expect(await eve.page.locator('[data-testid="message-text"]').count()).toBe(0);

    await ada.page.getByTestId('member-input').fill(await userIdOf(eve));
    await ada.page.getByTestId('add-member').click();
    await ada.page.getByTestId('member-status').filter({ hasText: 'Added' }).waitFor();
    await eve.page.getByTestId('retry-join').click();
    await waitForRows(eve.page, (rows) => rows.some((row) => row.text === 'members only'));

    await Promise.all([ada, bob, eve].map((user) => user.context.close()));
  });
});
