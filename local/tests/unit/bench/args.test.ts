import {
  BenchHelpRequested,
  BENCH_USAGE,
  BenchUsageError,
  DEFAULT_OPTIONS,
  parseBenchArgs,
  peakSockets,
  SCENARIO_NAMES,
  sustainedRoomSize,
} from '../../../bench/args';

function usageError(argv: string[]): BenchUsageError {
  try {
    parseBenchArgs(argv);
  } catch (error) {
    if (error instanceof BenchUsageError) return error;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

describe('parseBenchArgs', () => {
  it('runs every scenario on rooms of 2, 1,000 and 10,000 by default', () => {
    expect(parseBenchArgs([])).toEqual(DEFAULT_OPTIONS);
    expect(DEFAULT_OPTIONS.scenarios).toEqual([...SCENARIO_NAMES]);
    expect(DEFAULT_OPTIONS.sizes).toEqual([2, 1000, 10_000]);
  });

  it('reads --sizes in both flag spellings, up to 10,000', () => {
    expect(parseBenchArgs(['--sizes', '2,1000,10000']).sizes).toEqual([2, 1000, 10_000]);
    expect(parseBenchArgs(['--sizes=20']).sizes).toEqual([20]);
    expect(usageError(['--sizes', '10001']).message).toMatch(/--sizes needs a whole number in 2\.\.10000/);
    expect(usageError(['--sizes', '1']).message).toMatch(/2\.\.10000/);
  });

  it('keeps the old flags: --messages, --warmups, --pings, --cold-starts, --out', () => {
    const options = parseBenchArgs([
      '--messages',
      '3',
      '--warmups',
      '2',
      '--pings',
      '4',
      '--out',
      '/tmp/b.json',
    ]);
    expect(options).toMatchObject({ messages: 3, warmups: 2, pings: 4, out: '/tmp/b.json' });
  });

  it('selects scenarios by name, in the registry order whatever the command line order', () => {
    expect(parseBenchArgs(['--scenarios', 'fanout,join']).scenarios).toEqual(['join', 'fanout']);
    expect(usageError(['--scenarios', 'fanout,synthetics']).message).toBe(
      `--scenarios: unknown scenario "synthetics" (known: ${SCENARIO_NAMES.join(', ')})`,
    );
  });

  it('drops the cold-start scenario for --cold-starts 0, and refuses asking for both', () => {
    expect(parseBenchArgs(['--cold-starts', '0']).scenarios).not.toContain('cold-start');
    expect(usageError(['--scenarios', 'cold-start', '--cold-starts', '0']).message).toMatch(/contradicts/);
    expect(usageError(['--scenarios', 'cold-start', '--cold-starts', '0']).code).toBe('BENCH_USAGE');
  });

  it('reads the sustained settings, members as MIN-MAX or one number', () => {
    const options = parseBenchArgs([
      '--sustained-rooms=5',
      '--sustained-members',
      '100-500',
      '--sustained-senders',
      '4',
      '--sustained-rate',
      '50',
      '--sustained-seconds',
      '10',
    ]);
    expect(options.sustained).toMatchObject({
      rooms: 5,
      minMembers: 100,
      maxMembers: 500,
      senders: 4,
      rate: 50,
      seconds: 10,
    });
    expect(parseBenchArgs(['--sustained-members', '250']).sustained).toMatchObject({
      minMembers: 250,
      maxMembers: 250,
    });
    expect(usageError(['--sustained-members', '500-100']).message).toMatch(/MIN ≤ MAX/);
    expect(usageError(['--sustained-senders', '3', '--sustained-members', '2']).message).toMatch(
      /exceeds the smallest sustained room/,
    );
  });

  it('names an unknown flag and shows the usage', () => {
    const error = usageError(['--sizes', '10', '--bogus', '1']);
    expect(error.message.split('\n')[0]).toBe('Unknown option "--bogus"');
    expect(error.message).toContain(BENCH_USAGE);
  });

  it('refuses a flag without its value, and junk numbers', () => {
    expect(usageError(['--messages']).message).toMatch(/^--messages needs a value/);
    expect(usageError(['--messages', '--sizes', '2']).message).toMatch(/^--messages needs a value/);
    expect(usageError(['--messages', '2.5']).message).toMatch(/--messages needs a whole number in 1\.\.1000/);
    expect(usageError(['--cold-starts', '-1']).message).toMatch(/0\.\.20/);
  });

  it('answers --help with the usage text, which lists every flag it accepts', () => {
    expect(usageError(['--help']).message).toBe(BENCH_USAGE);
    expect(usageError(['-h'])).toBeInstanceOf(BenchHelpRequested);
    expect(usageError(['--sizes', 'x'])).not.toBeInstanceOf(BenchHelpRequested);
    for (const flag of ['--scenarios', '--sizes', '--sustained-seconds', '--html', '--cold-starts'])
      expect(BENCH_USAGE).toContain(flag);
  });

  it('does not share default arrays with the caller', () => {
    parseBenchArgs(['--sizes', '4']).sizes.push(99);
    parseBenchArgs([]).sustained.rooms = 1;
    expect(DEFAULT_OPTIONS.sizes).toEqual([2, 1000, 10_000]);
    expect(DEFAULT_OPTIONS.sustained.rooms).toBe(20);
  });
});

describe('sustainedRoomSize', () => {
  it('spreads room sizes evenly from min to max', () => {
    const settings = { ...DEFAULT_OPTIONS.sustained, rooms: 5, minMembers: 100, maxMembers: 500 };
    expect([0, 1, 2, 3, 4].map((i) => sustainedRoomSize(settings, i))).toEqual([100, 200, 300, 400, 500]);
    expect(sustainedRoomSize({ ...settings, rooms: 1 }, 0)).toBe(500);
  });
});

describe('peakSockets', () => {
  it('is the largest room plus the baseline control socket, or all sustained members', () => {
    const options = parseBenchArgs(['--sizes', '2,10000', '--scenarios', 'fanout']);
    expect(peakSockets(options)).toBe(10_001);
    const sustained = parseBenchArgs([
      '--scenarios',
      'sustained',
      '--sustained-rooms',
      '3',
      '--sustained-members',
      '100-300',
    ]);
    expect(peakSockets(sustained)).toBe(600);
    expect(peakSockets(parseBenchArgs(['--scenarios', 'cold-start']))).toBe(0);
  });
});

describe('synthetic options', () => {
  it('defaults to 100,000 phantoms, R measured, B 5,000, L 30 ms', () => {
    expect(DEFAULT_OPTIONS.synthetic).toEqual({ size: 100_000, rate: 'auto', burst: 5_000, latencyMs: 30 });
    expect(SCENARIO_NAMES).toContain('synthetic');
  });

  it('takes each knob, and a rate of auto or a number', () => {
    const options = parseBenchArgs([
      '--scenarios',
      'synthetic',
      '--synthetic-size',
      '2000',
      '--synthetic-rate',
      '400',
      '--synthetic-burst=100',
      '--synthetic-latency-ms',
      '0',
    ]);
    expect(options.scenarios).toEqual(['synthetic']);
    expect(options.synthetic).toEqual({ size: 2_000, rate: 400, burst: 100, latencyMs: 0 });
    expect(parseBenchArgs(['--synthetic-rate', 'auto']).synthetic.rate).toBe('auto');
  });

  it('refuses values outside their range', () => {
    expect(() => parseBenchArgs(['--synthetic-size', '0'])).toThrow(
      '--synthetic-size needs a whole number in 1..1000000 (got "0")',
    );
    expect(() => parseBenchArgs(['--synthetic-rate', 'fast'])).toThrow(
      '--synthetic-rate needs a whole number in 1..1000000 (got "fast")',
    );
    expect(() => parseBenchArgs(['--synthetic-burst', '0'])).toThrow(BenchUsageError);
  });
});
