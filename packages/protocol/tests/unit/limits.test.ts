import { CLIENT_MSG_ID_PATTERN, MESSAGE_ID_PATTERN, ROOM_ID_PATTERN, utf8Length } from '../../src/index';

describe('limits', () => {
  it('counts UTF-8 bytes, not UTF-16 units', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('😀')).toBe(4);
  });

  it('room ids are key- and URL-safe', () => {
    expect(ROOM_ID_PATTERN.test('lobby-2_b')).toBe(true);
    expect(ROOM_ID_PATTERN.test('-lobby')).toBe(false);
    expect(ROOM_ID_PATTERN.test('a#b')).toBe(false);
    expect(ROOM_ID_PATTERN.test('a'.repeat(65))).toBe(false);
  });

  it('message ids are ULIDs and client ids fit a UUID without dashes', () => {
    expect(MESSAGE_ID_PATTERN.test('01JDZ6Q5J8K3M4N5P6Q7R8S9TV')).toBe(true);
    expect(MESSAGE_ID_PATTERN.test('01JDZ6Q5J8K3M4N5P6Q7R8S9TU')).toBe(false); // U is not Crockford
    expect(CLIENT_MSG_ID_PATTERN.test('3f2b8c1e9d7a4b6c8e0f1a2b3c4d5e6f')).toBe(true);
    expect(CLIENT_MSG_ID_PATTERN.test('')).toBe(false);
  });
});
