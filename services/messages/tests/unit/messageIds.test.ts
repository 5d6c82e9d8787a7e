import { decodeTime } from 'ulid';
import { MESSAGE_ID_PATTERN } from '@chorus/protocol';
import { createMessageIdGenerator } from '../../src/messageIds';

describe('createMessageIdGenerator', () => {
  it('makes ULIDs whose time part is the given time', () => {
    const ids = createMessageIdGenerator();
    const at = 1_790_000_000_123;
    const id = ids.next(at);
    expect(id).toMatch(MESSAGE_ID_PATTERN);
    expect(decodeTime(id)).toBe(at);
  });

  it('stays strictly increasing within one millisecond and when the clock steps back', () => {
    const ids = createMessageIdGenerator();
    const at = 1_790_000_000_000;
    const sequence = [ids.next(at), ids.next(at), ids.next(at), ids.next(at - 5000)];
    const sorted = [...sequence].sort();
    expect(sequence).toEqual(sorted);
    expect(new Set(sequence).size).toBe(sequence.length);
  });
});
