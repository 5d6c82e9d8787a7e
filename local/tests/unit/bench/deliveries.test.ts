import {
  addTallies,
  EMPTY_TALLY,
  formatTally,
  tallyFailures,
  type DeliveryTally,
} from '../../../bench/deliveries';

const clean: DeliveryTally = { ...EMPTY_TALLY, messages: 3, expected: 3000, received: 3000 };

describe('tallies', () => {
  it('adds field by field', () => {
    expect(
      addTallies(clean, { ...EMPTY_TALLY, messages: 1, expected: 10, received: 11, duplicates: 1 }),
    ).toEqual({
      ...EMPTY_TALLY,
      messages: 4,
      expected: 3010,
      received: 3011,
      duplicates: 1,
    });
  });

  it('finds nothing wrong with exactly-once counts', () => {
    expect(tallyFailures('N=1000', clean)).toEqual([]);
    expect(formatTally(clean)).toBe('3,000/3,000 delivered, 0 missing, 0 dup');
  });

  it('names every kind of failure with its count', () => {
    const bad = { ...clean, received: 2999, missing: 3, duplicates: 2, strays: 1, refused: 4 };
    expect(tallyFailures('N=1000', bad)).toEqual([
      'N=1000: 3 of 3000 deliveries missing',
      'N=1000: 2 duplicate deliveries',
      'N=1000: 1 copies reached sockets outside the room',
      'N=1000: 4 sendMessage frames refused',
    ]);
    expect(formatTally(bad)).toBe('2,997/3,000 delivered, 3 missing, 2 dup, 1 stray, 4 refused');
  });
});
