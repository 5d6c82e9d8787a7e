import { BenchUsageError, DEFAULT_OPTIONS, parseBenchArgs } from '../../../bench/args';

describe('parseBenchArgs', () => {
  it('defaults to rooms of 10, 100 and 500 with 5 messages and 3 cold starts', () => {
    expect(parseBenchArgs([])).toEqual(DEFAULT_OPTIONS);
    expect(DEFAULT_OPTIONS).toMatchObject({ sizes: [10, 100, 500], messages: 5, coldStarts: 3 });
  });

  it('reads --sizes as a comma list, in both flag spellings', () => {
    expect(parseBenchArgs(['--sizes', '10,50']).sizes).toEqual([10, 50]);
    expect(parseBenchArgs(['--sizes=20']).sizes).toEqual([20]);
  });

  it('reads the counts and the output path', () => {
    const options = parseBenchArgs([
      '--messages',
      '3',
      '--cold-starts',
      '0',
      '--warmups',
      '2',
      '--pings',
      '4',
      '--out',
      '/tmp/b.json',
    ]);
    expect(options).toMatchObject({ messages: 3, coldStarts: 0, warmups: 2, pings: 4, out: '/tmp/b.json' });
  });

  it('does not share the default sizes array with the caller', () => {
    parseBenchArgs([]).sizes.push(7);
    expect(DEFAULT_OPTIONS.sizes).toEqual([10, 100, 500]);
  });

  it.each([
    [['--sizes', '1'], /--sizes/],
    [['--sizes', '10,x'], /--sizes/],
    [['--sizes'], /--sizes/],
    [['--messages', '0'], /--messages/],
    [['--connect-chunk', '2.5'], /--connect-chunk/],
    [['--text-chars', '4001'], /--text-chars/],
    [['--frobnicate'], /Unknown option --frobnicate/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});
