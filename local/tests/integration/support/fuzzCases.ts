// Generated client frames for the fuzz suite, each with the answer docs/protocol.md promises for
// it. fast-check draws them from a printed seed, so a failing run replays exactly with
// FUZZ_SEED=<seed>. The expected answer depends only on the frame and on which rooms the socket
// has joined (the driver keeps that model), never on what the server happened to say.
import fc from 'fast-check';
import { ErrorCode, FRAME_MAX_BYTES, HISTORY_MAX_LIMIT, TEXT_MAX_CHARS } from '@chorus/protocol';

/** What a frame must get back: one reply frame of a type, one error code, or a close. */
export type Expectation =
  | { kind: 'reply'; type: 'presence' | 'pong' | 'history' }
  /** A valid sendMessage to a joined room: an ack, or RATE_LIMITED when the user's bucket is empty. */
  | { kind: 'ack' }
  | { kind: 'error'; code: ErrorCode }
  | { kind: 'close'; code: number };

export type Wire =
  | { kind: 'text'; text: string }
  /** A text message sent in several WebSocket frames (each at most 32 KB). */
  | { kind: 'fragments'; parts: string[] }
  /** Raw bytes in one frame: a binary frame, or a text frame whose bytes are not UTF-8. */
  | { kind: 'bytes'; bytes: Buffer; binary: boolean };

export interface FuzzCase {
  category: string;
  wire: Wire;
  /** The documented answer, given the rooms the socket has joined so far. */
  expect(joined: ReadonlySet<string>): Expectation;
  /** How a joinRoom / leaveRoom changes the socket's rooms once answered. */
  effect?: { join?: string; leave?: string };
  /** Changes no state, so it may go in a flood (whose answers arrive in any order). */
  stateless: boolean;
}

/** The rooms valid frames use: few, so joins never reach the per-connection cap (50). */
export const FUZZ_ROOMS = ['fz-a', 'fz-b', 'fz-c', 'fz-d', 'fz-e'] as const;

const json = (value: unknown): Wire => ({ kind: 'text', text: JSON.stringify(value) });

function fixed(category: string, wire: Wire, expectation: Expectation): FuzzCase {
  return { category, wire, expect: () => expectation, stateless: true };
}

// --- building blocks --------------------------------------------------------------------------

const room = fc.constantFrom(...FUZZ_ROOMS);
const clientMsgId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const actions = ['sendMessage', 'joinRoom', 'leaveRoom', 'history', 'ping', 'whoIsOnline'] as const;

/** Unicode that the protocol carries byte-exact (ZWJ, RTL marks, 4-byte chars, BOM inside text). */
const carriedPiece = fc.constantFrom(
  '\u200D',
  '\u200F',
  '\u200E',
  '\u202E',
  '👩‍👩‍👧‍👦',
  '𝒜',
  '😀',
  '\uFEFF',
  '\u2028',
  'é',
  '中',
  'a',
  ' ',
  '\t',
  '\n',
  '"',
  '\\',
);
/** Characters refused in text (see packages/protocol/src/text.ts): never stored, never acked. */
const refusedPiece = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u001B',
  '\u007F',
  '\u0085',
  '\uFFFE',
  '\uFFFF',
  '\uFDD0',
  '\uFDEF',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '\u{1FFFE}',
  '\u{10FFFF}',
);
/** Characters no room id or clientMsgId may hold. */
const badIdPiece = fc.constantFrom(
  '\u0000',
  '\u200D',
  '\u202E',
  '\uD800',
  '😀',
  'é',
  ' ',
  '#',
  '/',
  '.',
  '１',
);

const validText = fc
  .array(carriedPiece, { minLength: 1, maxLength: 40 })
  .map((pieces) => `m${pieces.join('')}`)
  .filter((text) => text.length <= TEXT_MAX_CHARS);

function withInserted(base: string, piece: string, at: number): string {
  const index = Math.min(base.length, at);
  return base.slice(0, index) + piece + base.slice(index);
}

/** Any JSON value except an object (arrays, numbers, strings, booleans, null). */
const nonObjectJson = fc.oneof(
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.boolean(),
  fc.constant(null),
);

/** Values of the wrong JSON type for a field that wants a string. */
const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

// --- categories -------------------------------------------------------------------------------

/** Text that is not JSON at all: cut-off objects, bare words, stray bytes of syntax. */
const malformedJson = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
    fc
      .tuple(fc.constantFrom(...actions), fc.nat({ max: 30 }))
      .map(([action, cut]) => JSON.stringify({ action, roomId: 'fz-a' }).slice(0, cut + 1)),
    fc.constantFrom('{', '}', '{"action":', "{'action':'ping'}", '{action:"ping"}', 'NaN', '{"a":1,}', '   '),
  )
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  })
  .map((text) =>
    fixed('malformed-json', { kind: 'text', text }, { kind: 'error', code: ErrorCode.MALFORMED_FRAME }),
  );

const notAnObject = nonObjectJson.map((value) =>
  fixed('non-object-json', json(value), { kind: 'error', code: ErrorCode.MALFORMED_FRAME }),
);

const unknownAction = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom(
      'dance',
      'JoinRoom',
      'PING',
      ' ping',
      'ping\u0000',
      'send Message',
      '$default',
      '$connect',
      '$disconnect',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'ping\u200D',
      '\uD800',
    ),
    notAString,
  )
  .filter((action) => !(actions as readonly unknown[]).includes(action))
  .chain((action) =>
    fc.boolean().map((withAction) => ({ ...(withAction ? { action } : {}), roomId: 'fz-a' })),
  )
  .map((frame) => fixed('unknown-action', json(frame), { kind: 'error', code: ErrorCode.UNKNOWN_ACTION }));

/** A known action whose fields are of the wrong type. */
const wrongTypes = fc
  .oneof(
    fc.record({
      action: fc.constantFrom('joinRoom', 'leaveRoom', 'whoIsOnline', 'history'),
      roomId: notAString,
    }),
    fc.record({ action: fc.constant('sendMessage'), roomId: room, text: notAString, clientMsgId }),
    fc.record({ action: fc.constant('sendMessage'), roomId: room, text: validText, clientMsgId: notAString }),
    fc.record({
      action: fc.constant('history'),
      roomId: room,
      limit: fc.oneof(
        fc.constantFrom(0, -1, HISTORY_MAX_LIMIT + 1, 1.5, 1e9),
        fc.string({ maxLength: 4 }),
        notAString.filter((value) => typeof value !== 'number'),
      ),
    }),
    fc.record({
      action: fc.constant('history'),
      roomId: room,
      before: fc.oneof(notAString, fc.constant('nope')),
    }),
    fc.record({
      action: fc.constant('ping'),
      ts: fc.oneof(fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null)),
    }),
  )
  .map((frame) => fixed('wrong-types', json(frame), { kind: 'error', code: ErrorCode.INVALID_FRAME }));

const missingKeys = fc
  .oneof(
    fc.record({ action: fc.constantFrom('joinRoom', 'leaveRoom', 'whoIsOnline', 'history') }),
    fc.record(
      { action: fc.constant('sendMessage'), roomId: room, text: validText, clientMsgId },
      { requiredKeys: ['action'] },
    ),
  )
  .filter((frame) => frame.action !== 'sendMessage' || Object.keys(frame).length < 4)
  .map((frame) => fixed('missing-keys', json(frame), { kind: 'error', code: ErrorCode.INVALID_FRAME }));

/** Unknown keys are refused, including the ones that would forge a sender. */
const extraKeys = fc
  .tuple(
    fc.oneof(
      fc.record({ action: fc.constant('ping') }),
      fc.record({ action: fc.constantFrom('joinRoom', 'leaveRoom', 'whoIsOnline', 'history'), roomId: room }),
      fc.record({ action: fc.constant('sendMessage'), roomId: room, text: validText, clientMsgId }),
    ),
    fc.oneof(
      fc.constantFrom('sender', 'senderId', 'userId', 'connectionId', '__proto__', 'type', 'Action'),
      fc.string({ minLength: 1, maxLength: 12 }),
    ),
    fc.jsonValue({ maxDepth: 1 }),
  )
  .filter(
    ([frame, key]) =>
      !Object.prototype.hasOwnProperty.call(frame, key) && !['ts', 'limit', 'before', 'after'].includes(key),
  )
  .map(([frame, key, value]) => {
    // JSON text by hand: `{ ...frame, [key]: value }` would not make an own `__proto__` key.
    const text = `${JSON.stringify(frame).slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(value ?? null)}}`;
    return fixed('extra-keys', { kind: 'text', text }, { kind: 'error', code: ErrorCode.INVALID_FRAME });
  });

/** Room ids and clientMsgIds with characters no id may hold: refused before anything is read. */
const unicodeIds = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]{1,10}$/),
    badIdPiece,
    fc.nat({ max: 10 }),
    fc.constantFrom('sendMessage', 'joinRoom', 'leaveRoom', 'history', 'whoIsOnline', 'clientMsgId'),
  )
  .map(([base, piece, at, field]) => {
    const bad = withInserted(base, piece, at);
    const frame =
      field === 'clientMsgId'
        ? { action: 'sendMessage', roomId: 'fz-a', text: 'x', clientMsgId: bad }
        : field === 'sendMessage'
          ? { action: field, roomId: bad, text: 'x', clientMsgId: 'c1' }
          : { action: field, roomId: bad };
    return fixed('unicode-ids', json(frame), { kind: 'error', code: ErrorCode.INVALID_FRAME });
  });

/** Texts with a character the protocol refuses (NUL, C1, noncharacters, lone surrogates). */
const refusedText = fc
  .tuple(validText, refusedPiece, fc.nat({ max: 50 }), room, clientMsgId)
  .map(([text, piece, at, roomId, id]) =>
    fixed(
      'refused-text',
      json({ action: 'sendMessage', roomId, text: withInserted(text, piece, at), clientMsgId: id }),
      { kind: 'error', code: ErrorCode.INVALID_FRAME },
    ),
  );

const blankOrLongText = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('', ' ', '\n\t ', '\uFEFF', '\u3000\u2003'),
      fc.constantFrom('a'.repeat(TEXT_MAX_CHARS + 1), '😀'.repeat(TEXT_MAX_CHARS / 2 + 1)),
    ),
    room,
    clientMsgId,
  )
  .map(([text, roomId, id]) =>
    fixed('refused-text', json({ action: 'sendMessage', roomId, text, clientMsgId: id }), {
      kind: 'error',
      code: ErrorCode.INVALID_FRAME,
    }),
  );

/** Valid frames, some in unusual but legal JSON: escaped keys, duplicate keys (last wins), padding. */
const validFrames: fc.Arbitrary<FuzzCase> = fc.oneof(
  fc.tuple(room, fc.boolean()).map(([roomId, join]): FuzzCase => ({
    category: 'valid',
    wire: json({ action: join ? 'joinRoom' : 'leaveRoom', roomId }),
    // Leaving a room the socket is not in is FORBIDDEN, like every route of a room not joined.
    expect: (joined) =>
      join || joined.has(roomId)
        ? { kind: 'reply', type: 'presence' }
        : { kind: 'error', code: ErrorCode.FORBIDDEN },
    effect: join ? { join: roomId } : { leave: roomId },
    stateless: false,
  })),
  fc.tuple(room, validText, clientMsgId).map(([roomId, text, id]): FuzzCase => ({
    category: 'valid',
    wire: json({ action: 'sendMessage', roomId, text, clientMsgId: id }),
    expect: (joined) => (joined.has(roomId) ? { kind: 'ack' } : { kind: 'error', code: ErrorCode.FORBIDDEN }),
    stateless: true,
  })),
  fc.tuple(room, fc.integer({ min: 1, max: HISTORY_MAX_LIMIT })).map(([roomId, limit]): FuzzCase => ({
    category: 'valid',
    wire: {
      kind: 'text',
      text: `{"action":"history","roomId":"${roomId}","limit":${limit === 100 ? '1e2' : limit}}`,
    },
    expect: (joined) =>
      joined.has(roomId) ? { kind: 'reply', type: 'history' } : { kind: 'error', code: ErrorCode.FORBIDDEN },
    stateless: true,
  })),
  fc
    .oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((ts) => JSON.stringify({ action: 'ping', ts })),
      fc.constantFrom(
        '{"action":"ping"}',
        '{"\\u0061ction":"\\u0070ing"}',
        '{"action":"dance","action":"ping"}',
        ' \n\t{ "action" : "ping" , "ts" : -0 }\r\n',
        '{"action":"ping","ts":1e308}',
      ),
    )
    .map((text) => fixed('valid', { kind: 'text', text }, { kind: 'reply', type: 'pong' })),
);

/** The edges of the 32 KB frame limit and of the 128 KB message limit. */
const sizes = fc.oneof(
  fc
    .integer({ min: FRAME_MAX_BYTES + 1, max: 3 * FRAME_MAX_BYTES })
    .map((bytes) =>
      fixed(
        'oversize-frame',
        { kind: 'text', text: padded('{"action":"ping"}', bytes) },
        { kind: 'close', code: 1009 },
      ),
    ),
  fc
    .integer({ min: FRAME_MAX_BYTES - 64, max: FRAME_MAX_BYTES })
    .map((bytes) =>
      fixed(
        'just-under-limit',
        { kind: 'text', text: padded('{"action":"ping"}', bytes) },
        { kind: 'reply', type: 'pong' },
      ),
    ),
  // 4,000 three-byte characters plus padding: the biggest legal chat message, on the frame's edge.
  fc.tuple(room, clientMsgId).map(([roomId, id]): FuzzCase => ({
    category: 'just-under-limit',
    wire: {
      kind: 'text',
      text: padded(
        JSON.stringify({ action: 'sendMessage', roomId, text: '€'.repeat(TEXT_MAX_CHARS), clientMsgId: id }),
        FRAME_MAX_BYTES,
      ),
    },
    expect: (joined) => (joined.has(roomId) ? { kind: 'ack' } : { kind: 'error', code: ErrorCode.FORBIDDEN }),
    stateless: true,
  })),
  fc
    .integer({ min: FRAME_MAX_BYTES + 1, max: 4 * FRAME_MAX_BYTES - 1024 })
    .map((bytes) =>
      fixed(
        'fragmented-over-32k',
        { kind: 'fragments', parts: split(padded('{"action":"ping"}', bytes), 16 * 1024) },
        { kind: 'error', code: ErrorCode.FRAME_TOO_LARGE },
      ),
    ),
  fc
    .integer({ min: 4 * FRAME_MAX_BYTES + 1, max: 5 * FRAME_MAX_BYTES })
    .map((bytes) =>
      fixed(
        'fragmented-over-128k',
        { kind: 'fragments', parts: split(padded('{"action":"ping"}', bytes), 30 * 1024) },
        { kind: 'close', code: 1009 },
      ),
    ),
);

const rawBytes = fc.oneof(
  fc
    .uint8Array({ minLength: 0, maxLength: 64 })
    .map((bytes) =>
      fixed(
        'binary-frame',
        { kind: 'bytes', bytes: Buffer.from(bytes), binary: true },
        { kind: 'close', code: 1003 },
      ),
    ),
  fc
    .constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82])
    .map((bad) =>
      fixed(
        'invalid-utf8',
        {
          kind: 'bytes',
          bytes: Buffer.concat([Buffer.from('{"action":"ping","ts":"'), Buffer.from(bad), Buffer.from('"}')]),
          binary: false,
        },
        { kind: 'close', code: 1007 },
      ),
    ),
);

const empty = fc.constant(
  fixed('empty-frame', { kind: 'text', text: '' }, { kind: 'error', code: ErrorCode.MALFORMED_FRAME }),
);

/** JSON `text` padded with trailing spaces to exactly `bytes` UTF-8 bytes (still the same JSON). */
export function padded(text: string, bytes: number): string {
  const length = Buffer.byteLength(text, 'utf8');
  if (length > bytes) throw new RangeError(`${length} bytes of JSON do not fit in ${bytes}`);
  return text + ' '.repeat(bytes - length);
}

function split(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += size) parts.push(text.slice(start, start + size));
  return parts;
}

/** Frames that keep the socket open (the bulk of the run). */
export const keepOpenCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  { arbitrary: malformedJson, weight: 12 },
  { arbitrary: notAnObject, weight: 6 },
  { arbitrary: unknownAction, weight: 12 },
  { arbitrary: wrongTypes, weight: 14 },
  { arbitrary: missingKeys, weight: 8 },
  { arbitrary: extraKeys, weight: 10 },
  { arbitrary: unicodeIds, weight: 10 },
  { arbitrary: refusedText, weight: 10 },
  { arbitrary: blankOrLongText, weight: 3 },
  { arbitrary: validFrames, weight: 14 },
  { arbitrary: empty, weight: 1 },
);

/** Frames of the limits (some close the socket). */
export const limitCase: fc.Arbitrary<FuzzCase> = fc.oneof(sizes, rawBytes);

/** The expectation's signature, for comparing a flood's answers as a multiset. */
export function signatureOf(expectation: Expectation): string {
  switch (expectation.kind) {
    case 'reply':
      return expectation.type;
    case 'ack':
      return 'ack';
    case 'error':
      return `error:${expectation.code}`;
    case 'close':
      return `close:${expectation.code}`;
  }
}
