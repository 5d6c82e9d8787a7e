import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { RoomList } from '../../../src/app/rooms/room-list/room-list';
import { RoomAdmin } from '../../../src/app/rooms/room-admin';
import { JoinedRooms } from '../../../src/app/rooms/joined-rooms';
import { UserSession } from '../../../src/app/session/user-session';
import { fakeAppProviders, signedIn } from '../../support/app-providers';
import { FakeWebSocket } from '../../support/fake-web-socket';

describe('RoomList', () => {
  beforeEach(() => {
    FakeWebSocket.instances = [];
    TestBed.configureTestingModule({ providers: fakeAppProviders() });
  });

  async function render() {
    TestBed.inject(UserSession).signIn('ada');
    await signedIn();
    const socket = FakeWebSocket.latest();
    socket.acceptConnection();
    TestBed.inject(Router).resetConfig([{ path: 'rooms/:roomId', children: [] }]);
    const fixture = TestBed.createComponent(RoomList);
    await fixture.whenStable();
    const view = fixture.nativeElement as HTMLElement;
    const type = async (testId: string, value: string) => {
      const box = view.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-testid="${testId}"]`)!;
      box.value = value;
      box.dispatchEvent(new Event('input'));
      await fixture.whenStable();
    };
    const tickPrivate = async () => {
      const box = view.querySelector<HTMLInputElement>('[data-testid="private-room"]')!;
      box.checked = true;
      box.dispatchEvent(new Event('change'));
      await fixture.whenStable();
    };
    const submit = async () => {
      view.querySelector<HTMLButtonElement>('[data-testid="join-room-button"]')!.click();
      await fixture.whenStable();
    };
    return { view, socket, type, tickPrivate, submit, settled: () => fixture.whenStable() };
  }

  it('creates a private room with the members typed, then joins it as its owner', async () => {
    const { view, socket, type, tickPrivate, submit, settled } = await render();
    await type('room-input', 'club');
    await tickPrivate();
    expect(view.querySelector('[data-testid="join-room-button"]')?.textContent?.trim()).toBe('Create');
    await type('room-members', 'user-bob, user-cy');
    await submit();
    expect(socket.sentActions('createRoom')).toEqual([
      { action: 'createRoom', roomId: 'club', private: true, members: ['user-bob', 'user-cy'] },
    ]);
    socket.receive({ type: 'room', roomId: 'club', private: true, ownerId: 'user-ada' });
    await settled();
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
    await settled();
    expect(TestBed.inject(RoomAdmin).ownedRooms()).toEqual(['club']);
    expect(TestBed.inject(JoinedRooms).roomIds()).toEqual(['club']);
    expect(socket.sentActions('joinRoom')).toEqual([{ action: 'joinRoom', roomId: 'club' }]);
  });

  it('shows why a private room could not be created, and joins nothing', async () => {
    const { view, socket, type, tickPrivate, submit, settled } = await render();
    await type('room-input', 'club');
    await tickPrivate();
    await submit();
    socket.receive({
      type: 'error',
      code: 'ROOM_EXISTS',
      message: 'Room "club" already exists; pick another id',
      requestId: 'r1',
      action: 'createRoom',
      roomId: 'club',
    });
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
    await settled();
    expect(view.querySelector('[data-testid="create-room-error"]')?.textContent).toMatch(/already exists/);
    expect(socket.sentActions('joinRoom')).toEqual([]);
  });

  it('refuses to send a member list holding something that is not a user id', async () => {
    const { view, socket, type, tickPrivate } = await render();
    await type('room-input', 'club');
    await tickPrivate();
    await type('room-members', 'user-bob, zoë');
    expect(view.querySelector('[data-testid="room-members-error"]')?.textContent).toMatch(
      /Not a user id: zoë/,
    );
    expect(view.querySelector<HTMLButtonElement>('[data-testid="join-room-button"]')?.disabled).toBe(true);
    expect(socket.sentActions('createRoom')).toEqual([]);
  });
});
