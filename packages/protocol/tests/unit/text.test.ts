import {
  ErrorCode,
  ProtocolError,
  describeTextProblem,
  findForbiddenCharacter,
  formatCodePoint,
  parseClientFrameOf,
} from '../../src/index';

function sendFrame(text: string): string {
  return JSON.stringify({ action: 'sendMessage', roomId: 'lobby', text, clientMsgId: 'c-1' });
}

function refusal(text: string): ProtocolError {
  try {
    parseClientFrameOf('sendMessage', sendFrame(text));
  } catch (error) {
    expect(error).toBeInstanceOf(ProtocolError);
    return error as ProtocolError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('findForbiddenCharacter', () => {
  it.each([
    ['emoji', 'I ❤️ 🍕 😀'],
    ['a ZWJ sequence', '👩‍👩‍👧‍👦'],
    ['flags and a tag sequence', '🇫🇷🇯🇵🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['CJK', '你好，世界'],
    ['Arabic with direction marks', 'مرحبا\u200F'],
    ['combining marks', 'e\u0301a\u0308'],
    ['astral letters', '𝒜𐐷𠜎'],
    ['tab, line feed, carriage return', 'a\tb\nc\r\nd'],
    ['quotes and backslashes', `"'\\\\u0000\\n`],
    ['JS line separators, BOM, U+FFFD, private use', '\u2028\u2029\uFEFF\uFFFD\uE000\u{F0000}'],
    ['the last characters before a noncharacter', '\uFDCF\uFDF0\uFFFD\u{1FFFD}\u{10FFFD}'],
    ['the empty string', ''],
  ])('accepts %s', (_label, text) => {
    expect(findForbiddenCharacter(text)).toBeUndefined();
  });

  it.each([
    ['NUL', 'ab\u0000', 2, 0x0000, 'control'],
    ['another C0 control', '\u001F', 0, 0x001f, 'control'],
    ['vertical tab', 'x\u000B', 1, 0x000b, 'control'],
    ['DEL', '\u007F', 0, 0x007f, 'control'],
    ['a C1 control (NEL)', 'é\u0085', 1, 0x0085, 'control'],
    ['the last C1 control', '\u009F', 0, 0x009f, 'control'],
    ['U+FFFE', 'x\uFFFE', 1, 0xfffe, 'noncharacter'],
    ['U+FFFF', '\uFFFF', 0, 0xffff, 'noncharacter'],
    ['U+FDD0', '\uFDD0', 0, 0xfdd0, 'noncharacter'],
    ['U+FDEF', '\uFDEF', 0, 0xfdef, 'noncharacter'],
    ['a plane-end noncharacter', '😀\u{1FFFE}', 2, 0x1fffe, 'noncharacter'],
    ['the last code point', '\u{10FFFF}', 0, 0x10ffff, 'noncharacter'],
    ['a lone high surrogate', 'a\uD83D', 1, 0xd83d, 'lone surrogate'],
    ['a high surrogate before a non-surrogate', '\uD83Dx', 0, 0xd83d, 'lone surrogate'],
    ['a lone low surrogate', '😀\uDE00', 2, 0xde00, 'lone surrogate'],
    ['two high surrogates', '\uD83D\uD83D\uDE00', 0, 0xd83d, 'lone surrogate'],
  ])('refuses %s, naming its position in UTF-16 units', (_label, text, index, codePoint, kind) => {
    expect(findForbiddenCharacter(text)).toEqual({ index, codePoint, kind });
  });

  it('reports the first problem when there are several', () => {
    expect(findForbiddenCharacter('ok\uFFFF\u0000')).toMatchObject({ index: 2, codePoint: 0xffff });
  });

  it('agrees with the Unicode properties on every BMP code unit', () => {
    const control = /^\p{Cc}$/u;
    const noncharacter = /^\p{Noncharacter_Code_Point}$/u;
    for (let unit = 0; unit <= 0xffff; unit += 1) {
      const char = String.fromCharCode(unit);
      const expected =
        (control.test(char) && !'\t\n\r'.includes(char)) ||
        noncharacter.test(char) ||
        (unit >= 0xd800 && unit <= 0xdfff);
      expect([unit, findForbiddenCharacter(char) !== undefined]).toEqual([unit, expected]);
    }
  });

  it('agrees with the Unicode noncharacter property on every astral code point', () => {
    const noncharacter = /^\p{Noncharacter_Code_Point}$/u;
    const refused: number[] = [];
    for (let codePoint = 0x10000; codePoint <= 0x10ffff; codePoint += 1) {
      const text = String.fromCodePoint(codePoint);
      if (findForbiddenCharacter(text) !== undefined) refused.push(codePoint);
      else if (noncharacter.test(text)) refused.push(-codePoint);
    }
    const planeEnds = Array.from({ length: 16 }, (_, plane) => [
      (plane + 1) * 0x10000 + 0xfffe,
      (plane + 1) * 0x10000 + 0xffff,
    ]).flat();
    expect(refused).toEqual(planeEnds);
  });
});

describe('describeTextProblem', () => {
  it('names the code point, its index and what is allowed', () => {
    expect(describeTextProblem({ index: 5, codePoint: 0, kind: 'control' })).toBe(
      'text contains U+0000 at index 5 (control characters other than tab, line feed and carriage return are not allowed)',
    );
    expect(describeTextProblem({ index: 0, codePoint: 0x10ffff, kind: 'noncharacter' })).toMatch(
      /^text contains U\+10FFFF at index 0 \(Unicode noncharacters/,
    );
  });

  it('formats code points with at least four hex digits', () => {
    expect(formatCodePoint(0x7)).toBe('U+0007');
    expect(formatCodePoint(0x1f600)).toBe('U+1F600');
  });
});

describe('sendMessage text', () => {
  it('accepts every text the job encoding carries', () => {
    const text = '👩‍👩‍👧‍👦 你好 مرحبا e\u0301 𝒜 "\\\n';
    expect(parseClientFrameOf('sendMessage', sendFrame(text)).text).toBe(text);
  });

  it('refuses a forbidden character with INVALID_FRAME saying which one and where', () => {
    const error = refusal('hello\u0000world');
    expect(error.code).toBe(ErrorCode.INVALID_FRAME);
    expect(error.message).toBe(
      'Invalid sendMessage frame: text: text contains U+0000 at index 5 (control characters other than tab, line feed and carriage return are not allowed)',
    );
  });

  it('refuses a lone surrogate that arrived as a JSON escape', () => {
    const raw = '{"action":"sendMessage","roomId":"lobby","text":"x\\ud800","clientMsgId":"c"}';
    expect(() => parseClientFrameOf('sendMessage', raw)).toThrow(/U\+D800 at index 1 \(a surrogate/);
  });

  it('still reports the other problems of the text beside it', () => {
    expect(refusal('\uFFFF'.repeat(4001)).message).toMatch(/at most 4000 characters.*U\+FFFF at index 0/);
  });
});
