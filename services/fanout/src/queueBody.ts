// JSON for SQS message bodies. SQS accepts only #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD
// #x10000-#x10FFFF in a body and refuses the whole entry otherwise; emulators are stricter still
// (fauxqs tests UTF-16 code units, so it refuses every astral character: every emoji). A chat text
// may hold any character the protocol accepts, so bodies never carry it raw: every code unit
// outside printable ASCII is written as a JSON \uXXXX escape. The body is then plain ASCII, valid
// for any SQS, and JSON.parse gives back exactly the same string (surrogate pairs included).
//
// Cost: a non-ASCII code unit takes 6 bytes instead of 1-3 in UTF-8 (an emoji 12 instead of 4), so
// the worst 4,000-unit text makes a ~24 KB payload inside a job; ASCII text costs the same as
// before. Bodies being ASCII, their byte length is their string length.

function escapeUnit(unit: string): string {
  return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** JSON.stringify, with every code unit from U+007F up escaped so the result is printable ASCII. */
export function encodeQueueBody(value: unknown): string {
  // JSON.stringify already escapes U+0000-U+001F and lone surrogates; DEL and above are left.
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, escapeUnit);
}
