import { TestBed } from '@angular/core/testing';
import { BROWSER_STORAGE, memoryStorage } from '../../../src/app/core/browser-storage';
import { JoinedRooms, isValidRoomId } from '../../../src/app/rooms/joined-rooms';

describe('JoinedRooms', () => {
  function joinedRooms(stored?: string): JoinedRooms {
    const storage = memoryStorage();
    if (stored !== undefined) storage.setItem('chorus.joinedRooms', stored);
    TestBed.configureTestingModule({ providers: [{ provide: BROWSER_STORAGE, useValue: storage }] });
    return TestBed.inject(JoinedRooms);
  }

  it('remembers joined rooms across instances (reloads)', () => {
    const storage = memoryStorage();
    TestBed.configureTestingModule({ providers: [{ provide: BROWSER_STORAGE, useValue: storage }] });
    const rooms = TestBed.inject(JoinedRooms);
    rooms.add('general');
    rooms.add('random');
    rooms.add('general');
    rooms.remove('random');

    expect(rooms.roomIds()).toEqual(['general']);
    expect(JSON.parse(storage.getItem('chorus.joinedRooms') ?? '')).toEqual(['general']);
  });

  it('keeps working when the browser refuses to store (quota exceeded, private mode)', () => {
    const setItem = jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    try {
      const rooms = TestBed.inject(JoinedRooms);
      expect(() => rooms.add('general')).not.toThrow();
      expect(rooms.roomIds()).toEqual(['general']);
      expect(setItem).toHaveBeenCalled();
    } finally {
      setItem.mockRestore();
    }
  });

  it('ignores corrupt or invalid stored values', () => {
    expect(joinedRooms('{not json').roomIds()).toEqual([]);
    TestBed.resetTestingModule();
    expect(joinedRooms('["ok", "not ok", 3]').roomIds()).toEqual(['ok']);
  });

  it('validates room ids like the server does', () => {
    expect(isValidRoomId('general')).toBe(true);
    expect(isValidRoomId('team_2-b')).toBe(true);
    expect(isValidRoomId('-leading-dash')).toBe(false);
    expect(isValidRoomId('with space')).toBe(false);
    expect(isValidRoomId('x'.repeat(65))).toBe(false);
  });
});
