import { encodeQueueBody } from '../../src/queueBody';

/** SQS's body character set: #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF. */
const SQS_BODY = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

const texts: Record<string, string> = {
  emoji: 'I ❤️ 🍕 😀',
  zwj: '👩‍👩‍👧‍👦 👨🏽‍💻',
  flags: '🇫🇷🇯🇵🏴󠁧󠁢󠁳󠁣󠁴󠁿',
  cjk: '你好，世界',
  arabic: 'مرحبا\u200F',
  combining: 'e\u0301a\u0308',
  astral: '𝒜𐐷𠜎',
  controls: 'a\tb\nc\r\n\u0000\u001f\u007f\u0085',
  quotes: `"'“”\\\\u0041\\n`,
  separators: '\u2028\u2029\uFEFF\uFFFD\uFFFE\uFFFF\uE000',
  loneSurrogates: '\uD800 x \uDFFF',
};

describe('encodeQueueBody', () => {
  it.each(Object.entries(texts))('round-trips %s exactly as printable ASCII', (_label, text) => {
    const value = { payload: JSON.stringify({ type: 'message', text }), sender: text };
    const body = encodeQueueBody(value);
    expect(body).toMatch(PRINTABLE_ASCII);
    expect(body).toMatch(SQS_BODY);
    expect(JSON.parse(body)).toEqual(value);
  });

  it('round-trips every BMP code unit and a sample of astral code points', () => {
    const units = Array.from({ length: 0x10000 }, (_, unit) => String.fromCharCode(unit)).join('');
    const astral = Array.from({ length: 0x10 }, (_, plane) =>
      String.fromCodePoint((plane + 1) * 0x10000 + 0x1234),
    ).join('');
    const body = encodeQueueBody({ units, astral });
    expect(body).toMatch(PRINTABLE_ASCII);
    expect(JSON.parse(body)).toEqual({ units, astral });
  });

  it('leaves ASCII text as JSON.stringify writes it (no cost for the common case)', () => {
    const value = { text: 'hello "world" \\ / <b>', n: 1 };
    expect(encodeQueueBody(value)).toBe(JSON.stringify(value));
  });

  it('costs six bytes per non-ASCII UTF-16 code unit', () => {
    expect(encodeQueueBody('é')).toBe('"\\u00e9"');
    expect(encodeQueueBody('😀')).toBe('"\\ud83d\\ude00"');
  });
});
