import {
  ErrorCode,
  FRAME_MAX_BYTES,
  HISTORY_DEFAULT_LIMIT,
  MESSAGE_MAX_BYTES,
  PRESENCE_MAX_USERS,
  ProtocolError,
  ROOM_MEMBERS_PER_FRAME_MAX,
  TEXT_MAX_CHARS,
  encodeServerFrame,
  parseClientFrame,
  parseClientFrameOf,
  parseServerFrame,
  peekAction,
  peekRoomId,
} from '../../src/index';

const ulid = '01JDZ6Q5J8K3M4N5P6Q7R8S9TV';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return (error as ProtocolError).code;
  }
  throw new Error('expected a ProtocolError');
}

describe('parseClientFrame', () => {
  it.each([
    ['empty text', ''],
    ['undefined body', undefined],
    ['not JSON', '{"action":'],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"ping"'],
    ['JSON null', 'null'],
  ])('answers MALFORMED_FRAME for %s', (_label, raw) => {
    expect(codeOf(() => parseClientFrame(raw))).toBe(ErrorCode.MALFORMED_FRAME);
  });

  it('answers FRAME_TOO_LARGE above the 32 KB frame limit, counting UTF-8 bytes', () => {
    const emoji = '😀'.repeat(FRAME_MAX_BYTES / 4); // 4 bytes each, 2 UTF-16 units each
    expect(emoji.length).toBeLessThan(FRAME_MAX_BYTES);
    const raw = JSON.stringify({ action: 'ping', pad: emoji });
    expect(codeOf(() => parseClientFrame(raw))).toBe(ErrorCode.FRAME_TOO_LARGE);
  });

  it('answers UNKNOWN_ACTION naming the action and listing the known ones', () => {
    expect(() => parseClientFrame('{"action":"shout"}')).toThrow(/Unknown action "shout".*sendMessage/);
    expect(codeOf(() => parseClientFrame('{"roomId":"r"}'))).toBe(ErrorCode.UNKNOWN_ACTION);
    expect(codeOf(() => parseClientFrame('{"action":42}'))).toBe(ErrorCode.UNKNOWN_ACTION);
    expect(codeOf(() => parseClientFrame('{"action":"toString"}'))).toBe(ErrorCode.UNKNOWN_ACTION);
  });

  it('accepts a valid sendMessage', () => {
    const frame = parseClientFrame(
      JSON.stringify({ action: 'sendMessage', roomId: 'lobby', text: 'hi <b>', clientMsgId: 'c-1' }),
    );
    expect(frame).toEqual({ action: 'sendMessage', roomId: 'lobby', text: 'hi <b>', clientMsgId: 'c-1' });
  });

  it.each([
    ['blank text', { roomId: 'lobby', text: '   ', clientMsgId: 'c1' }, 'text'],
    ['text too long', { roomId: 'lobby', text: 'x'.repeat(TEXT_MAX_CHARS + 1), clientMsgId: 'c1' }, 'text'],
    // 2,001 emoji are 4,002 UTF-16 units but only 2,001 code points: still over the limit.
    [
      'astral text too long',
      { roomId: 'lobby', text: '😀'.repeat(TEXT_MAX_CHARS / 2 + 1), clientMsgId: 'c1' },
      'text',
    ],
    ['text of the wrong type', { roomId: 'lobby', text: 5, clientMsgId: 'c1' }, 'text'],
    ['bad room id', { roomId: 'no spaces', text: 'x', clientMsgId: 'c1' }, 'roomId'],
    ['missing clientMsgId', { roomId: 'lobby', text: 'x' }, 'clientMsgId'],
    ['an unknown key', { roomId: 'lobby', text: 'x', clientMsgId: 'c1', sender: 'mallory' }, 'sender'],
  ])('answers INVALID_FRAME for %s, naming the field', (_label, fields, field) => {
    const raw = JSON.stringify({ action: 'sendMessage', ...fields });
    expect(codeOf(() => parseClientFrame(raw))).toBe(ErrorCode.INVALID_FRAME);
    expect(() => parseClientFrame(raw)).toThrow(new RegExp(field));
  });

  it('accepts astral text of exactly the limit in UTF-16 units', () => {
    const text = '😀'.repeat(TEXT_MAX_CHARS / 2);
    const raw = JSON.stringify({ action: 'sendMessage', roomId: 'r', text, clientMsgId: 'c' });
    expect(parseClientFrame(raw)).toMatchObject({ text });
  });

  it('accepts text of exactly the limit', () => {
    const raw = JSON.stringify({
      action: 'sendMessage',
      roomId: 'r',
      text: 'x'.repeat(TEXT_MAX_CHARS),
      clientMsgId: 'c',
    });
    expect(parseClientFrame(raw).action).toBe('sendMessage');
  });

  it('applies the default history limit and refuses before and after together', () => {
    expect(parseClientFrame('{"action":"history","roomId":"r"}')).toEqual({
      action: 'history',
      roomId: 'r',
      limit: HISTORY_DEFAULT_LIMIT,
    });
    const both = JSON.stringify({ action: 'history', roomId: 'r', before: ulid, after: ulid });
    expect(() => parseClientFrame(both)).toThrow(/not both/);
    expect(codeOf(() => parseClientFrame('{"action":"history","roomId":"r","limit":101}'))).toBe(
      ErrorCode.INVALID_FRAME,
    );
    expect(codeOf(() => parseClientFrame('{"action":"history","roomId":"r","after":"nope"}'))).toBe(
      ErrorCode.INVALID_FRAME,
    );
  });

  it('parses every other action', () => {
    expect(parseClientFrame('{"action":"ping","ts":5}')).toEqual({ action: 'ping', ts: 5 });
    expect(parseClientFrame('{"action":"joinRoom","roomId":"a"}').action).toBe('joinRoom');
    expect(parseClientFrame('{"action":"leaveRoom","roomId":"a"}').action).toBe('leaveRoom');
    expect(parseClientFrame('{"action":"whoIsOnline","roomId":"a"}').action).toBe('whoIsOnline');
  });
});

describe('room frames', () => {
  it('creates a public room by default and a private one with members', () => {
    expect(parseClientFrame('{"action":"createRoom","roomId":"a"}')).toEqual({
      action: 'createRoom',
      roomId: 'a',
      private: false,
      members: [],
    });
    const frame = JSON.stringify({
      action: 'createRoom',
      roomId: 'a',
      private: true,
      members: ['u-1', 'u|2'],
    });
    expect(parseClientFrame(frame)).toEqual({
      action: 'createRoom',
      roomId: 'a',
      private: true,
      members: ['u-1', 'u|2'],
    });
  });

  it('refuses bad member lists and user ids precisely', () => {
    const tooMany = Array.from({ length: ROOM_MEMBERS_PER_FRAME_MAX + 1 }, (_, i) => `u${i}`);
    const cases: unknown[] = [
      { action: 'createRoom', roomId: 'a', private: 'yes' },
      { action: 'createRoom', roomId: 'a', members: 'u1' },
      { action: 'createRoom', roomId: 'a', members: tooMany },
      { action: 'createRoom', roomId: 'a', members: ['has space'] },
      { action: 'createRoom', roomId: 'a', owner: 'u1' },
      { action: 'addMember', roomId: 'a' },
      { action: 'addMember', roomId: 'a', userId: '' },
      { action: 'addMember', roomId: 'a', userId: 'x'.repeat(129) },
      { action: 'removeMember', roomId: 'a', userId: 'é' },
    ];
    for (const frame of cases) {
      expect(codeOf(() => parseClientFrame(JSON.stringify(frame)))).toBe(ErrorCode.INVALID_FRAME);
    }
    expect(() =>
      parseClientFrame(JSON.stringify({ action: 'createRoom', roomId: 'a', members: tooMany })),
    ).toThrow(/at most 100 user ids/);
    expect(parseClientFrame('{"action":"removeMember","roomId":"a","userId":"u1"}')).toEqual({
      action: 'removeMember',
      roomId: 'a',
      userId: 'u1',
    });
  });
});

describe('parseClientFrameOf', () => {
  it('refuses a frame of another action', () => {
    expect(() => parseClientFrameOf('joinRoom', '{"action":"ping"}')).toThrow(/Expected a joinRoom frame/);
    expect(parseClientFrameOf('ping', '{"action":"ping"}')).toEqual({ action: 'ping' });
  });
});

describe('peekAction', () => {
  it('reads the action of any JSON object and nothing else', () => {
    expect(peekAction('{"action":"shout","x":1}')).toBe('shout');
    expect(peekAction('{"action":1}')).toBeUndefined();
    expect(peekAction('not json')).toBeUndefined();
  });
});

describe('peekRoomId', () => {
  it('reads a well-formed roomId from any JSON object, even an invalid frame', () => {
    expect(peekRoomId('{"action":"history","roomId":"lobby","limit":"many"}')).toBe('lobby');
    expect(peekRoomId('{"action":"joinRoom","roomId":"no spaces"}')).toBeUndefined();
    expect(peekRoomId('{"action":"joinRoom","roomId":7}')).toBeUndefined();
    expect(peekRoomId('{"action":"ping"}')).toBeUndefined();
    expect(peekRoomId('not json')).toBeUndefined();
    expect(peekRoomId(undefined)).toBeUndefined();
  });
});

describe('server frames', () => {
  const message = {
    type: 'message' as const,
    roomId: 'lobby',
    messageId: ulid,
    clientMsgId: 'c1',
    sender: 'ada',
    senderId: 'user-1',
    text: 'hello',
    sentAt: '2026-11-28T01:00:00.000Z',
  };

  it('round-trips every frame type', () => {
    const frames = [
      message,
      { type: 'ack' as const, roomId: 'lobby', clientMsgId: 'c1', messageId: ulid, sentAt: message.sentAt },
      { type: 'history' as const, roomId: 'lobby', messages: [], hasMore: false },
      { type: 'presence' as const, roomId: 'lobby', users: ['ada', 'bob'] },
      { type: 'pong' as const, ts: 1 },
      { type: 'room' as const, roomId: 'club', private: true, ownerId: 'u1' },
      { type: 'member' as const, roomId: 'club', userId: 'u2', member: false },
      { type: 'removed' as const, roomId: 'club' },
      { type: 'error' as const, code: ErrorCode.FORBIDDEN, message: 'not open', requestId: 'r=' },
      {
        type: 'error' as const,
        code: ErrorCode.THROTTLED,
        message: 'busy',
        requestId: 'r=',
        action: 'joinRoom',
        roomId: 'lobby',
      },
    ];
    for (const frame of frames) {
      expect(parseServerFrame(encodeServerFrame(frame))).toEqual(frame);
    }
  });

  it('carries retryAfterMs on a RATE_LIMITED error and refuses a negative or fractional one', () => {
    const limited = {
      type: 'error' as const,
      code: ErrorCode.RATE_LIMITED,
      message: 'slow down',
      requestId: 'r=',
      action: 'sendMessage',
      clientMsgId: 'm1',
      retryAfterMs: 250,
    };
    expect(parseServerFrame(encodeServerFrame(limited))).toEqual(limited);
    for (const retryAfterMs of [-1, 1.5, '250']) {
      expect(() => parseServerFrame(JSON.stringify({ ...limited, retryAfterMs }))).toThrow(/retryAfterMs/);
    }
  });

  it('carries truncated on a capped presence and still reads a presence without it', () => {
    const capped = { type: 'presence' as const, roomId: 'lobby', users: ['ada'], truncated: true };
    expect(parseServerFrame(encodeServerFrame(capped))).toEqual(capped);
    // Frames from servers that predate the cap have no `truncated`: a complete list.
    const older = parseServerFrame('{"type":"presence","roomId":"lobby","users":["ada"]}');
    expect(older).toEqual({ type: 'presence', roomId: 'lobby', users: ['ada'] });
    expect(older).not.toHaveProperty('truncated');
    expect(() => parseServerFrame(JSON.stringify({ ...capped, truncated: 'yes' }))).toThrow(/truncated/);
  });

  it('keeps a presence of PRESENCE_MAX_USERS longest 4-byte names under the message limit', () => {
    const longest = (i: number) => `${String(i).padStart(3, '0')}${'😀'.repeat(14)}`; // 31 code points
    const users = Array.from({ length: PRESENCE_MAX_USERS }, (_, i) => longest(i));
    const encoded = encodeServerFrame({ type: 'presence', roomId: 'a'.repeat(64), users, truncated: true });
    expect(new TextEncoder().encode(encoded).length).toBeLessThan(MESSAGE_MAX_BYTES);
  });

  it('refuses frames the schema does not know', () => {
    expect(() => parseServerFrame('{"type":"shout"}')).toThrow(ProtocolError);
    expect(() => parseServerFrame('nope')).toThrow(/not valid JSON/);
    expect(() => parseServerFrame(JSON.stringify({ ...message, messageId: 'x' }))).toThrow(/messageId/);
    expect(() => encodeServerFrame({ ...message, roomId: 'bad room' })).toThrow();
    const error = { type: 'error', code: ErrorCode.THROTTLED, message: 'm', requestId: 'r' };
    expect(() => parseServerFrame(JSON.stringify({ ...error, roomId: 'bad room' }))).toThrow(/roomId/);
  });
});
