import { asyncScheduler } from 'rxjs';
import type { ClientFrameInput } from '@chorus/protocol';
import { RoomPresence } from '../../../src/app/chat/room-presence';

const REFRESH_MS = 20_000;

function createPresence() {
  const asked: ClientFrameInput[] = [];
  const presence = new RoomPresence({
    roomId: 'general',
    request: (frame) => asked.push(frame) > 0,
    scheduler: asyncScheduler,
    refreshMs: REFRESH_MS,
  });
  return { presence, asked };
}

describe('RoomPresence', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('asks whoIsOnline on a timer while polling, and not after it stops', () => {
    const { presence, asked } = createPresence();
    presence.startPolling();
    jest.advanceTimersByTime(REFRESH_MS * 2);
    expect(asked).toEqual([
      { action: 'whoIsOnline', roomId: 'general' },
      { action: 'whoIsOnline', roomId: 'general' },
    ]);
    presence.stopPolling();
    jest.advanceTimersByTime(REFRESH_MS * 2);
    expect(asked).toHaveLength(2);
  });

  it('asks again for a sender missing from a complete list, never from a capped one', () => {
    const { presence, asked } = createPresence();
    presence.update({ type: 'presence', roomId: 'general', users: ['ada'] });
    presence.noteSender('ada');
    presence.noteSender('linus');
    expect(asked).toHaveLength(1);

    presence.update({ type: 'presence', roomId: 'general', users: ['ada'], truncated: true });
    expect(presence.truncated()).toBe(true);
    presence.noteSender('linus');
    expect(asked).toHaveLength(1);
  });
});
