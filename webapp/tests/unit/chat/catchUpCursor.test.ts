import { MESSAGE_ID_PATTERN } from '@chorus/protocol';
import { catchUpCursor, ulidFloor, ulidTimeMs } from '../../../src/app/chat/catch-up-cursor';

describe('catch-up cursor', () => {
  const time = Date.UTC(2026, 10, 28, 1, 23, 45, 678);

  it('encodes and decodes the ULID time part', () => {
    const floor = ulidFloor(time);
    expect(floor).toMatch(MESSAGE_ID_PATTERN);
    expect(ulidTimeMs(floor)).toBe(time);
    expect(ulidTimeMs('01ARYZ6S41TSV4RRFFQ69G5FAV')).toBe(1469918176385);
  });

  it('moves the cursor back by the overlap, below every id of that millisecond', () => {
    const newest = ulidFloor(time).slice(0, 10) + 'ZZZZZZZZZZZZZZZZ';
    const cursor = catchUpCursor(newest, 30_000);
    expect(ulidTimeMs(cursor)).toBe(time - 30_000);
    expect(cursor < ulidFloor(time - 29_999)).toBe(true);
  });

  it('uses the newest id itself when there is no overlap', () => {
    const newest = ulidFloor(time).slice(0, 10) + 'ABCDEFGHJKMNPQRS';
    expect(catchUpCursor(newest, 0)).toBe(newest);
  });
});
