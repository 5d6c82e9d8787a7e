import { TestBed } from '@angular/core/testing';
import { PRESENCE_MAX_USERS } from '@chorus/protocol';
import { RoomView } from '../../../src/app/chat/room-view/room-view';
import { UserSession } from '../../../src/app/session/user-session';
import { JoinedRooms } from '../../../src/app/rooms/joined-rooms';
import { memoryStorage } from '../../../src/app/core/browser-storage';
import { fakeAppProviders, signedIn } from '../../support/app-providers';
import { FakeWebSocket } from '../../support/fake-web-socket';

describe('RoomView', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
    TestBed.configureTestingModule({ providers: fakeAppProviders() });
  });

  async function render(roomId: string): Promise<{ view: HTMLElement; settled: () => Promise<void> }> {
    const fixture = TestBed.createComponent(RoomView);
    fixture.componentRef.setInput('roomId', roomId);
    await fixture.whenStable();
    return { view: fixture.nativeElement as HTMLElement, settled: () => fixture.whenStable() };
  }

  it('joins and remembers a room opened by a deep link', async () => {
    TestBed.inject(UserSession).signIn('ada');
    await signedIn();
    FakeWebSocket.latest().acceptConnection();

    const { view } = await render('general');

    expect(view.querySelector('[data-testid="room-title"]')?.textContent).toBe('#general');
    expect(TestBed.inject(JoinedRooms).roomIds()).toEqual(['general']);
    expect(FakeWebSocket.latest().sentActions('joinRoom')).toEqual([
      { action: 'joinRoom', roomId: 'general' },
    ]);
  });

  it('renders message text as text, never as markup', async () => {
    TestBed.inject(UserSession).signIn('ada');
    await signedIn();
    const socket = FakeWebSocket.latest();
    socket.acceptConnection();
    const { view, settled } = await render('general');
    socket.receive({ type: 'presence', roomId: 'general', users: ['ada'] });
    socket.receive({
      type: 'message',
      roomId: 'general',
      messageId: '01KB2Z3Y4X5W6V7T8S9R0QPNMK',
      clientMsgId: 'x1',
      sender: 'mallory',
      senderId: 'user-mallory',
      text: '<img src=x onerror=alert(1)>',
      sentAt: '2026-11-28T01:00:00.000Z',
    });
    await settled();

    expect(view.querySelector('img')).toBeNull();
    expect(view.querySelector('[data-testid="message-text"]')?.textContent).toBe(
      '<img src=x onerror=alert(1)>',
    );
  });

  it('counts the people online, with a "+" when the server capped the list', async () => {
    TestBed.inject(UserSession).signIn('ada');
    await signedIn();
    const socket = FakeWebSocket.latest();
    socket.acceptConnection();
    const { view, settled } = await render('general');
    const count = () => view.querySelector('[data-testid="online-count"]')?.textContent?.trim();

    socket.receive({ type: 'presence', roomId: 'general', users: ['ada', 'bob'] });
    await settled();
    expect(count()).toBe('Online (2)');

    const capped = Array.from({ length: PRESENCE_MAX_USERS }, (_, i) => `user ${String(i).padStart(3, '0')}`);
    socket.receive({ type: 'presence', roomId: 'general', users: capped, truncated: true });
    await settled();
    expect(count()).toBe(`Online (${PRESENCE_MAX_USERS}+)`);
    expect(count()).toBe('Online (500+)');
    expect(view.querySelectorAll('[data-testid="online-user"]')).toHaveLength(PRESENCE_MAX_USERS);
  });

  it('says clearly when a private room refuses this user, and tries again on request', async () => {
    TestBed.inject(UserSession).signIn('ada');
    await signedIn();
    const socket = FakeWebSocket.latest();
    socket.acceptConnection();
    const { view, settled } = await render('club');
    socket.receive({
      type: 'error',
      code: 'FORBIDDEN',
      message: 'Room "club" is not open to this connection',
      requestId: 'r1',
      action: 'joinRoom',
      roomId: 'club',
    });
    await settled();
    expect(view.querySelector('[data-testid="join-refused"]')?.textContent).toMatch(/private.*user id/);
    view.querySelector<HTMLButtonElement>('[data-testid="retry-join"]')!.click();
    await settled();
    expect(socket.sentActions('joinRoom')).toHaveLength(2);
    expect(view.querySelector('[data-testid="join-refused"]')).toBeNull();
  });

  it('shows the owner of a private room a panel that adds and removes members by user id', async () => {
    TestBed.resetTestingModule();
    const storage = memoryStorage();
    storage.setItem('chorus.ownedRooms', JSON.stringify(['club']));
    TestBed.configureTestingModule({ providers: fakeAppProviders(storage) });
    TestBed.inject(UserSession).signIn('ada');
    await signedIn();
    const socket = FakeWebSocket.latest();
    socket.acceptConnection();
    const { view, settled } = await render('club');
    const box = view.querySelector<HTMLInputElement>('[data-testid="member-input"]')!;
    box.value = 'user-bob';
    box.dispatchEvent(new Event('input'));
    await settled();
    view.querySelector<HTMLButtonElement>('[data-testid="add-member"]')!.click();
    await settled();
    expect(socket.sentActions('addMember')).toEqual([
      { action: 'addMember', roomId: 'club', userId: 'user-bob' },
    ]);
    socket.receive({ type: 'member', roomId: 'club', userId: 'user-bob', member: true });
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
    await settled();
    expect(view.querySelector('[data-testid="member-status"]')?.textContent).toMatch(/Added user-bob/);
  });

  it('shows no member panel for a room this browser does not own', async () => {
    TestBed.inject(UserSession).signIn('ada');
    await signedIn();
    FakeWebSocket.latest().acceptConnection();
    const { view } = await render('general');
    expect(view.querySelector('[data-testid="room-members-panel"]')).toBeNull();
  });

  it('refuses an invalid room id without joining anything', async () => {
    const { view } = await render('not a room!');

    expect(view.querySelector('[data-testid="invalid-room"]')).not.toBeNull();
    expect(TestBed.inject(JoinedRooms).roomIds()).toEqual([]);
  });
});
