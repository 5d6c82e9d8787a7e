import {
  InvalidFilterPatternError,
  matchesAnyPattern,
  parseFilterPatterns,
  sqsFilterView,
} from '../../../src/pollers/filterPatterns';

/** A DynamoDB stream record as the patterns see it (type descriptors kept). */
function streamRecord(overrides: { eventName?: string; image?: Record<string, unknown> } = {}) {
  return {
    eventName: overrides.eventName ?? 'INSERT',
    dynamodb: {
      Keys: { pk: { S: 'room#1' }, sk: { S: 'msg#01H' } },
      NewImage: overrides.image ?? {
        pk: { S: 'room#1' },
        kind: { S: 'message' },
        text: { S: 'hello' },
        size: { N: '3' },
        empty: { S: '' },
        nothing: { NULL: true },
        tags: { SS: ['a', 'b'] },
      },
    },
  };
}

function matches(pattern: unknown, record: unknown): boolean {
  return matchesAnyPattern(parseFilterPatterns([pattern]), record);
}

describe('filter patterns', () => {
  it('matches exact values', () => {
    expect(matches({ eventName: ['INSERT'] }, streamRecord())).toBe(true);
    expect(matches({ eventName: ['MODIFY'] }, streamRecord())).toBe(false);
  });

  it('ORs the values of one key', () => {
    expect(matches({ eventName: ['MODIFY', 'INSERT'] }, streamRecord())).toBe(true);
    expect(matches({ eventName: ['MODIFY', 'REMOVE'] }, streamRecord())).toBe(false);
  });

  it('ANDs several keys and descends into nested objects', () => {
    const pattern = { eventName: ['INSERT'], dynamodb: { NewImage: { kind: { S: ['message'] } } } };
    expect(matches(pattern, streamRecord())).toBe(true);
    expect(matches(pattern, streamRecord({ eventName: 'MODIFY' }))).toBe(false);
    expect(matches(pattern, streamRecord({ image: { kind: { S: 'presence' } } }))).toBe(false);
  });

  it('matches null only against null, and "" only against the empty string', () => {
    const record = { a: null, b: '', c: 'x' };
    expect(matches({ a: [null] }, record)).toBe(true);
    expect(matches({ c: [null] }, record)).toBe(false);
    expect(matches({ missing: [null] }, record)).toBe(false);
    expect(matches({ b: [''] }, record)).toBe(true);
    expect(matches({ c: [''] }, record)).toBe(false);
  });

  it('supports anything-but with a value, a list and a prefix', () => {
    const record = streamRecord();
    expect(matches({ eventName: [{ 'anything-but': 'REMOVE' }] }, record)).toBe(true);
    expect(matches({ eventName: [{ 'anything-but': ['INSERT', 'MODIFY'] }] }, record)).toBe(false);
    expect(matches({ eventName: [{ 'anything-but': { prefix: 'INS' } }] }, record)).toBe(false);
    expect(matches({ eventName: [{ 'anything-but': { prefix: 'REM' } }] }, record)).toBe(true);
    expect(matches({ missing: [{ 'anything-but': 'x' }] }, record)).toBe(false);
  });

  it('supports numeric comparisons and ranges, on numbers and DynamoDB N strings', () => {
    expect(matches({ n: [{ numeric: ['>', 0, '<=', 5] }] }, { n: 5 })).toBe(true);
    expect(matches({ n: [{ numeric: ['>', 0, '<=', 5] }] }, { n: 6 })).toBe(false);
    expect(matches({ n: [{ numeric: ['>', 0, '<=', 5] }] }, { n: 0 })).toBe(false);
    expect(matches({ n: [{ numeric: ['=', 2.5] }] }, { n: 2.5 })).toBe(true);
    expect(matches({ n: [{ numeric: ['>=', 10] }] }, { n: 'ten' })).toBe(false);
    expect(
      matches({ dynamodb: { NewImage: { size: { N: [{ numeric: ['<', 4] }] } } } }, streamRecord()),
    ).toBe(true);
    expect(
      matches({ dynamodb: { NewImage: { size: { N: [{ numeric: ['<', 3] }] } } } }, streamRecord()),
    ).toBe(false);
    expect(matches({ n: [3] }, { n: 3 })).toBe(true);
  });

  it('supports exists true and false', () => {
    const image = (field: string) => ({ dynamodb: { NewImage: { [field]: { S: [{ exists: true }] } } } });
    expect(matches(image('text'), streamRecord())).toBe(true);
    expect(matches(image('absent'), streamRecord())).toBe(false);
    expect(matches({ dynamodb: { NewImage: { absent: [{ exists: false }] } } }, streamRecord())).toBe(true);
    expect(matches({ dynamodb: { NewImage: { text: [{ exists: false }] } } }, streamRecord())).toBe(false);
  });

  it('supports prefix (and the suffix / equals-ignore-case extensions)', () => {
    const keys = (rule: unknown) => ({ dynamodb: { Keys: { sk: { S: [rule] } } } });
    expect(matches(keys({ prefix: 'msg#' }), streamRecord())).toBe(true);
    expect(matches(keys({ prefix: 'conn#' }), streamRecord())).toBe(false);
    expect(matches(keys({ suffix: '01H' }), streamRecord())).toBe(true);
    expect(matches(keys({ 'equals-ignore-case': 'MSG#01h' }), streamRecord())).toBe(true);
  });

  it('matches when any element of an array value matches', () => {
    expect(matches({ dynamodb: { NewImage: { tags: { SS: ['b'] } } } }, streamRecord())).toBe(true);
    expect(matches({ dynamodb: { NewImage: { tags: { SS: ['c'] } } } }, streamRecord())).toBe(false);
  });

  it('delivers a record when ANY pattern matches, and everything when there are none', () => {
    const patterns = parseFilterPatterns([{ eventName: ['REMOVE'] }, { eventName: ['INSERT'] }]);
    expect(matchesAnyPattern(patterns, streamRecord())).toBe(true);
    expect(matchesAnyPattern(patterns, streamRecord({ eventName: 'MODIFY' }))).toBe(false);
    expect(matchesAnyPattern([], streamRecord())).toBe(true);
  });

  it('accepts patterns as JSON strings (FilterCriteria form)', () => {
    expect(matchesAnyPattern(parseFilterPatterns(['{"eventName":["INSERT"]}']), streamRecord())).toBe(true);
  });

  it.each([
    ['not JSON', '{eventName'],
    ['not an object', ['INSERT']],
    ['a bare value', { eventName: 'INSERT' }],
    ['an empty list', { eventName: [] }],
    ['an unknown operator', { eventName: [{ contains: 'x' }] }],
    ['a bad numeric', { n: [{ numeric: ['>', 'x'] }] }],
    ['a bad exists', { n: [{ exists: 'yes' }] }],
  ])('rejects %s', (_what, pattern) => {
    expect(() => parseFilterPatterns([pattern])).toThrow(InvalidFilterPatternError);
  });

  describe('SQS body', () => {
    const record = (body: string) => ({
      messageId: 'm1',
      body,
      attributes: { ApproximateReceiveCount: '1' },
    });

    it('parses the body as JSON when a pattern gives it an object', () => {
      const patterns = parseFilterPatterns([{ body: { type: ['chat'], size: [{ numeric: ['<', 10] }] } }]);
      const view = (body: string) => sqsFilterView(record(body), patterns);
      expect(matchesAnyPattern(patterns, view('{"type":"chat","size":3}'))).toBe(true);
      expect(matchesAnyPattern(patterns, view('{"type":"chat","size":30}'))).toBe(false);
      expect(matchesAnyPattern(patterns, view('not json'))).toBe(false);
    });

    it('matches the raw body string when the pattern lists values', () => {
      const patterns = parseFilterPatterns([{ body: [{ prefix: 'hello' }] }]);
      expect(matchesAnyPattern(patterns, sqsFilterView(record('hello world'), patterns))).toBe(true);
      expect(matchesAnyPattern(patterns, sqsFilterView(record('bye'), patterns))).toBe(false);
    });
  });
});
