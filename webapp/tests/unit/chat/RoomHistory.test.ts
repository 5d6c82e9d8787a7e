import { signal } from '@angular/core';
import { asyncScheduler } from 'rxjs';
import type { ChatMessage, ClientFrameInput, HistoryPageFrame } from '@chorus/protocol';
import type { ChatRoomOptions } from '../../../src/app/chat/chat-options';
import { RoomHistory } from '../../../src/app/chat/room-history';
import { RoomTimeline } from '../../../src/app/chat/room-timeline';
import { chatMessage, messageIdAt } from '../../support/messages';

const OPTIONS: ChatRoomOptions = {
  ackTimeoutMs: 10_000,
  historyPageSize: 50,
  catchUpOverlapMs: 0,
  presenceRefreshMs: 20_000,
  rejoinDelayMs: 2_000,
};

function createHistory() {
  const asked: ClientFrameInput[] = [];
  const joined = signal(true);
  const timeline = new RoomTimeline(
    signal([]),
    () => 'ada',
    () => 'user-ada',
  );
  const history = new RoomHistory({
    roomId: 'general',
    timeline,
    request: (frame) => asked.push(frame) > 0,
    isJoined: joined,
    scheduler: asyncScheduler,
    options: OPTIONS,
  });
  return { history, timeline, asked, joined };
}

function page(messages: ChatMessage[], hasMore: boolean, cursor: Partial<HistoryPageFrame> = {}) {
  return { type: 'history' as const, roomId: 'general', messages, hasMore, ...cursor };
}

describe('RoomHistory', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('asks for the newest page first, then catches up after the newest message held', () => {
    const { history, asked } = createHistory();
    history.catchUp();
    history.onPage(page([chatMessage(1), chatMessage(2)], true));
    expect(history.hasOlder()).toBe(true);

    history.catchUp();
    history.onPage(page([chatMessage(3)], true, { after: messageIdAt(2) }));
    history.onPage(page([chatMessage(4)], false, { after: messageIdAt(3) }));
    expect(asked).toEqual([
      { action: 'history', roomId: 'general', limit: 50 },
      { action: 'history', roomId: 'general', after: messageIdAt(2), limit: 50 },
      { action: 'history', roomId: 'general', after: messageIdAt(3), limit: 50 },
    ]);
  });

  it('keeps catching up from where the gap began when a catch-up is cut short, live copies or not', () => {
    const { history, timeline, asked } = createHistory();
    history.catchUp();
    history.onPage(page([chatMessage(1), chatMessage(2)], false));

    // Dropped holding 2; the next socket re-joins, gets a live copy of 9, and drops before its
    // catch-up is answered.
    history.catchUp();
    timeline.add([chatMessage(9)]);
    history.reset();
    history.catchUp();
    expect(asked.slice(1)).toEqual([
      { action: 'history', roomId: 'general', after: messageIdAt(2), limit: 50 },
      { action: 'history', roomId: 'general', after: messageIdAt(2), limit: 50 },
    ]);

    // A page read moves the cursor; a catch-up cut short after it resumes there.
    history.onPage(page([chatMessage(3), chatMessage(4)], true, { after: messageIdAt(2) }));
    history.reset();
    history.catchUp();
    expect(asked.at(-1)).toEqual({ action: 'history', roomId: 'general', after: messageIdAt(4), limit: 50 });

    // Read to the end: the next gap begins at the newest message held.
    history.onPage(page([chatMessage(5), chatMessage(9)], false, { after: messageIdAt(4) }));
    history.catchUp();
    expect(asked.at(-1)).toEqual({ action: 'history', roomId: 'general', after: messageIdAt(9), limit: 50 });
  });

  it('loads one older page at a time while joined, until the server has no more', () => {
    const { history, asked, joined } = createHistory();
    history.loadOlder();
    expect(asked).toEqual([]);
    history.onPage(page([chatMessage(50)], true));

    joined.set(false);
    history.loadOlder();
    expect(asked).toEqual([]);
    joined.set(true);
    history.loadOlder();
    history.loadOlder();
    expect(asked).toEqual([{ action: 'history', roomId: 'general', before: messageIdAt(50), limit: 50 }]);

    history.onPage(page([chatMessage(49)], false, { before: messageIdAt(50) }));
    expect(history.loadingOlder()).toBe(false);
    expect(history.hasOlder()).toBe(false);
    history.loadOlder();
    expect(asked).toHaveLength(1);
  });

  it('asks a refused catch-up page again after a delay, but not once the connection is gone', () => {
    const { history, asked } = createHistory();
    history.catchUp();
    history.onRefused();
    jest.advanceTimersByTime(OPTIONS.rejoinDelayMs);
    expect(asked).toHaveLength(2);

    history.onRefused();
    history.reset();
    jest.advanceTimersByTime(OPTIONS.rejoinDelayMs);
    expect(asked).toHaveLength(2);
  });

  it('waits as long as a RATE_LIMITED answer says before asking the catch-up page again', () => {
    const { history, asked } = createHistory();
    history.catchUp();
    history.onRefused(7_000);
    jest.advanceTimersByTime(OPTIONS.rejoinDelayMs);
    expect(asked).toHaveLength(1);
    jest.advanceTimersByTime(7_000 - OPTIONS.rejoinDelayMs);
    expect(asked).toHaveLength(2);
  });
});
