// Which characters a chat text may hold. A message the server acks must reach every member
// byte-exact, through DynamoDB, an SQS job body, API Gateway and the browser's UTF-8 decoder. Some
// characters cannot make that trip unchanged, or have no business in a chat line, so sendMessage
// refuses them up front (INVALID_FRAME, no ack, nothing stored) instead of losing them later:
//
// - control characters (Unicode category Cc) other than tab, line feed and carriage return: C0
//   (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F). SQS refuses most of C0 in a body, NUL
//   truncates text in many consumers, and none of them renders: DEL and C1 are refused with C0 so
//   the rule is one category, not a list of exceptions;
// - noncharacters (U+FDD0–U+FDEF and the last two code points of every plane, U+FFFE/U+FFFF …
//   U+10FFFE/U+10FFFF): reserved for internal use by Unicode, and U+FFFE/U+FFFF are outside SQS's
//   character set;
// - lone surrogates (U+D800–U+DFFF not part of a pair): they have no UTF-8 form, so a WebSocket
//   text frame would carry U+FFFD instead.
//
// Everything else (emoji, ZWJ sequences, flags, any script, combining marks, astral letters, format
// characters) is accepted and carried unchanged.

export type TextProblemKind = 'control' | 'noncharacter' | 'lone surrogate';

export interface TextProblem {
  /** Position in UTF-16 code units, as `text.length` and TEXT_MAX_CHARS count. */
  index: number;
  codePoint: number;
  kind: TextProblemKind;
}

function isControl(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

function isNoncharacter(codePoint: number): boolean {
  return (codePoint >= 0xfdd0 && codePoint <= 0xfdef) || (codePoint & 0xfffe) === 0xfffe;
}

/** The first character of `text` that a chat message may not hold, or undefined if there is none. */
export function findForbiddenCharacter(text: string): TextProblem | undefined {
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit < 0x20 || (unit >= 0x7f && unit <= 0x9f)) {
      if (isControl(unit)) return { index, codePoint: unit, kind: 'control' };
      continue;
    }
    if (unit < 0xd800) continue; // the common case, and no noncharacter lives below U+FDD0
    if (unit <= 0xdbff) {
      const next = index + 1 < text.length ? text.charCodeAt(index + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) return { index, codePoint: unit, kind: 'lone surrogate' };
      const codePoint = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
      if (isNoncharacter(codePoint)) return { index, codePoint, kind: 'noncharacter' };
      index += 1;
      continue;
    }
    if (unit <= 0xdfff) return { index, codePoint: unit, kind: 'lone surrogate' };
    if (isNoncharacter(unit)) return { index, codePoint: unit, kind: 'noncharacter' };
  }
  return undefined;
}

/** "U+0000", "U+1F600": the usual way to name a code point. */
export function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

const REMEDY: Record<TextProblemKind, string> = {
  control: 'control characters other than tab, line feed and carriage return are not allowed',
  noncharacter: 'Unicode noncharacters are not allowed',
  'lone surrogate': 'a surrogate must be half of a pair (the text is not valid UTF-16)',
};

/** E.g. "text contains U+0000 at index 5 (control characters other than tab, … are not allowed)". */
export function describeTextProblem(problem: TextProblem): string {
  return `text contains ${formatCodePoint(problem.codePoint)} at index ${problem.index} (${REMEDY[problem.kind]})`;
}
