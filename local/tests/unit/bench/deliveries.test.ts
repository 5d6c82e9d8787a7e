import { tallyDeliveries } from '../../../bench/deliveries';

describe('tallyDeliveries', () => {
  it('counts nothing missing when every member got every message once', () => {
    expect(
      tallyDeliveries(
        [
          ['a', 'b'],
          ['b', 'a'],
        ],
        ['a', 'b'],
      ),
    ).toEqual({ expected: 4, received: 4, missing: 0, duplicates: 0 });
  });

  it('counts each missing (member, message) pair and each extra copy', () => {
    const tally = tallyDeliveries([['a', 'a', 'a', 'b'], ['b'], []], ['a', 'b']);
    expect(tally).toEqual({ expected: 6, received: 5, missing: 3, duplicates: 2 });
  });

  it('ignores messages the bench did not send and de-duplicates the expected ids', () => {
    expect(tallyDeliveries([['other', 'a']], ['a', 'a'])).toEqual({
      expected: 1,
      received: 1,
      missing: 0,
      duplicates: 0,
    });
  });
});
