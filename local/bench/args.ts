// Command-line options of `npm run bench -- [options]`. Each flag is one row of FLAGS (its usage
// line and its parser side by side), so the usage text cannot drift from what is accepted.
// Every loop of the bench is bounded by these counts; the defaults fit a 2-core machine.

/** Scenarios in the order they run; `--scenarios` selects a subset (order on the command line is ignored). */
export const SCENARIO_NAMES = [
  'cold-start',
  'join',
  'fanout',
  'sustained',
  'aws-timing',
  'synthetic',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** Largest room the fleet holds: one process, one descriptor per socket. */
export const MAX_ROOM_SIZE = 10_000;

export interface SustainedOptions {
  rooms: number;
  /** Room sizes are spread evenly from minMembers to maxMembers. */
  minMembers: number;
  maxMembers: number;
  /** Members of each room that send (round-robin). */
  senders: number;
  /** Messages per second offered, over all rooms (open loop). */
  rate: number;
  seconds: number;
  /** How long to wait for the last copies after the last send. */
  drainSeconds: number;
}

/** Largest phantom room: rows seeded in DynamoDB Local, one counter each in the gateway. */
export const MAX_SYNTHETIC_SIZE = 1_000_000;

export interface SyntheticOptions {
  /** N: phantom connection rows in the one room. */
  size: number;
  /** R of the throttled round; 'auto' = 80 % of what the unthrottled round sustained. */
  rate: number | 'auto';
  /** B: the throttle's bucket. */
  burst: number;
  /** L: the gateway's delay before answering each @connections call. */
  latencyMs: number;
}

export interface BenchOptions {
  scenarios: ScenarioName[];
  /** Room sizes N of the join and fanout scenarios. */
  sizes: number[];
  /** Timed messages per room (and as many baseline broadcasts). */
  messages: number;
  /** Untimed rounds per room before the timed ones (still checked for exactly-once). */
  warmups: number;
  /** Local-cloud cold starts the cold-start scenario times. */
  coldStarts: number;
  /** ping → pong round trips per room size. */
  pings: number;
  /** WebSocket handshakes in flight at once. */
  connectChunk: number;
  /** joinRoom requests in flight at once. */
  joinChunk: number;
  /** Characters of chat text per message. */
  textChars: number;
  sustained: SustainedOptions;
  synthetic: SyntheticOptions;
  /** Reports, relative to the repository root unless absolute. */
  out: string;
  html: string;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  scenarios: [...SCENARIO_NAMES],
  sizes: [2, 1000, 10_000],
  messages: 5,
  warmups: 1,
  coldStarts: 3,
  pings: 20,
  connectChunk: 50,
  joinChunk: 20,
  textChars: 200,
  sustained: {
    rooms: 20,
    minMembers: 100,
    maxMembers: 300,
    senders: 3,
    rate: 20,
    seconds: 30,
    drainSeconds: 60,
  },
  synthetic: { size: 100_000, rate: 'auto', burst: 5_000, latencyMs: 30 },
  out: 'artifacts/bench.json',
  html: 'artifacts/bench.html',
};

export class BenchUsageError extends Error {
  public override readonly name: string = 'BenchUsageError';
  public readonly code = 'BENCH_USAGE';
}

/** `--help`: not a mistake, so the usage goes to stdout and the bench exits 0. */
export class BenchHelpRequested extends BenchUsageError {
  public override readonly name = 'BenchHelpRequested';
}

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new BenchUsageError(`${flag} needs a whole number in ${min}..${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

interface Flag {
  names: string[];
  usage: string;
  parse(raw: string, options: BenchOptions, flag: string): void;
}

const FLAGS: Flag[] = [
  {
    names: ['--scenarios'],
    usage: `--scenarios ${SCENARIO_NAMES.join(',')}   which scenarios to run (default: all)`,
    parse(raw, options, flag) {
      const picked = raw.split(',').map((part) => part.trim());
      for (const name of picked) {
        if (!(SCENARIO_NAMES as readonly string[]).includes(name))
          throw new BenchUsageError(
            `${flag}: unknown scenario ${JSON.stringify(name)} (known: ${SCENARIO_NAMES.join(', ')})`,
          );
      }
      options.scenarios = SCENARIO_NAMES.filter((name) => picked.includes(name));
    },
  },
  {
    names: ['--sizes'],
    usage: `--sizes 2,1000,10000   room sizes N for join and fanout (2..${MAX_ROOM_SIZE.toLocaleString('en-US')})`,
    parse(raw, options, flag) {
      // N ≥ 2: one sender and at least one other member.
      options.sizes = raw.split(',').map((part) => wholeNumber(flag, part.trim(), 2, MAX_ROOM_SIZE));
    },
  },
  {
    names: ['--messages'],
    usage: '--messages 5           timed messages per room, one after another (as many baseline broadcasts)',
    parse: (raw, o, flag) => void (o.messages = wholeNumber(flag, raw, 1, 1_000)),
  },
  {
    names: ['--warmups'],
    usage: '--warmups 1            untimed rounds per room first (still checked for exactly-once)',
    parse: (raw, o, flag) => void (o.warmups = wholeNumber(flag, raw, 0, 100)),
  },
  {
    names: ['--cold-starts'],
    usage: '--cold-starts 3        local-cloud cold starts to time (0 = skip the cold-start scenario)',
    parse: (raw, o, flag) => void (o.coldStarts = wholeNumber(flag, raw, 0, 20)),
  },
  {
    names: ['--pings'],
    usage: '--pings 20             ping → pong round trips per room size',
    parse: (raw, o, flag) => void (o.pings = wholeNumber(flag, raw, 0, 1_000)),
  },
  {
    names: ['--connect-chunk'],
    usage: '--connect-chunk 50     WebSocket handshakes in flight at once',
    parse: (raw, o, flag) => void (o.connectChunk = wholeNumber(flag, raw, 1, 1_000)),
  },
  {
    names: ['--join-chunk'],
    usage: '--join-chunk 20        joinRoom requests in flight at once',
    parse: (raw, o, flag) => void (o.joinChunk = wholeNumber(flag, raw, 1, 1_000)),
  },
  {
    names: ['--text-chars'],
    usage: '--text-chars 200       chat text length (1..4000)',
    parse: (raw, o, flag) => void (o.textChars = wholeNumber(flag, raw, 1, 4_000)),
  },
  {
    names: ['--sustained-rooms'],
    usage: '--sustained-rooms 20   rooms under sustained load',
    parse: (raw, o, flag) => void (o.sustained.rooms = wholeNumber(flag, raw, 1, 1_000)),
  },
  {
    names: ['--sustained-members'],
    usage: '--sustained-members 100-300   members per sustained room, spread evenly (or one number)',
    parse(raw, o, flag) {
      const [low, high = low] = raw
        .split('-')
        .map((part) => wholeNumber(flag, part.trim(), 2, MAX_ROOM_SIZE));
      if (high! < low!) throw new BenchUsageError(`${flag} needs MIN-MAX with MIN ≤ MAX (got ${raw})`);
      o.sustained.minMembers = low!;
      o.sustained.maxMembers = high!;
    },
  },
  {
    names: ['--sustained-senders'],
    usage: '--sustained-senders 3  members per room that send, in turn',
    parse: (raw, o, flag) => void (o.sustained.senders = wholeNumber(flag, raw, 1, 100)),
  },
  {
    names: ['--sustained-rate'],
    usage: '--sustained-rate 20    messages per second offered over all rooms (open loop)',
    parse: (raw, o, flag) => void (o.sustained.rate = wholeNumber(flag, raw, 1, 10_000)),
  },
  {
    names: ['--sustained-seconds'],
    usage: '--sustained-seconds 30 how long the senders send',
    parse: (raw, o, flag) => void (o.sustained.seconds = wholeNumber(flag, raw, 1, 3_600)),
  },
  {
    names: ['--sustained-drain-seconds'],
    usage: '--sustained-drain-seconds 60   wait for the last copies after the last send',
    parse: (raw, o, flag) => void (o.sustained.drainSeconds = wholeNumber(flag, raw, 1, 3_600)),
  },
  {
    names: ['--synthetic-size'],
    usage: `--synthetic-size 100000 phantom connection rows in the synthetic room (1..${MAX_SYNTHETIC_SIZE.toLocaleString('en-US')})`,
    parse: (raw, o, flag) => void (o.synthetic.size = wholeNumber(flag, raw, 1, MAX_SYNTHETIC_SIZE)),
  },
  {
    names: ['--synthetic-rate'],
    usage:
      '--synthetic-rate auto   throttle rate R, posts/s (auto: 80 % of what an unthrottled round sustains)',
    parse(raw, o, flag) {
      o.synthetic.rate = raw === 'auto' ? 'auto' : wholeNumber(flag, raw, 1, 1_000_000);
    },
  },
  {
    names: ['--synthetic-burst'],
    usage: '--synthetic-burst 5000  throttle burst B (the bucket)',
    parse: (raw, o, flag) => void (o.synthetic.burst = wholeNumber(flag, raw, 1, MAX_SYNTHETIC_SIZE)),
  },
  {
    names: ['--synthetic-latency-ms'],
    usage: '--synthetic-latency-ms 30  latency L of every @connections call',
    parse: (raw, o, flag) => void (o.synthetic.latencyMs = wholeNumber(flag, raw, 0, 10_000)),
  },
  {
    names: ['--out'],
    usage: '--out PATH             JSON report (default artifacts/bench.json under the repository root)',
    parse: (raw, o) => void (o.out = raw),
  },
  {
    names: ['--html'],
    usage: '--html PATH            HTML report with charts (default artifacts/bench.html)',
    parse: (raw, o) => void (o.html = raw),
  },
];

export const BENCH_USAGE = [
  'Usage: npm run bench -- [options]',
  '',
  ...FLAGS.map((flag) => `  ${flag.usage}`),
  '  --help                 this text',
  '',
  'Exits 1 on any missing or duplicate delivery or a crash, 2 on a usage error; never on time.',
].join('\n');

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    ...DEFAULT_OPTIONS,
    scenarios: [...DEFAULT_OPTIONS.scenarios],
    sizes: [...DEFAULT_OPTIONS.sizes],
    sustained: { ...DEFAULT_OPTIONS.sustained },
    synthetic: { ...DEFAULT_OPTIONS.synthetic },
  };
  let scenariosGiven = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new BenchHelpRequested(BENCH_USAGE);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const flag = FLAGS.find((f) => f.names.includes(name));
    if (flag === undefined)
      throw new BenchUsageError(`Unknown option ${JSON.stringify(name)}\n\n${BENCH_USAGE}`);
    let raw: string | undefined = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (raw === undefined) {
      i += 1;
      raw = argv[i];
    }
    if (raw === undefined || raw === '' || (eq < 0 && raw.startsWith('--')))
      throw new BenchUsageError(`${name} needs a value\n\n${BENCH_USAGE}`);
    flag.parse(raw, options, name);
    if (name === '--scenarios') scenariosGiven = true;
  }
  if (options.coldStarts === 0) {
    if (scenariosGiven && options.scenarios.includes('cold-start'))
      throw new BenchUsageError('--cold-starts 0 contradicts --scenarios cold-start: drop one of them');
    options.scenarios = options.scenarios.filter((name) => name !== 'cold-start');
  }
  if (options.scenarios.length === 0)
    throw new BenchUsageError(`--scenarios selects nothing\n\n${BENCH_USAGE}`);
  if (options.sustained.senders > options.sustained.minMembers)
    throw new BenchUsageError(
      `--sustained-senders ${options.sustained.senders} exceeds the smallest sustained room (${options.sustained.minMembers} members)`,
    );
  return options;
}

/** Members of sustained room i (0-based) of `rooms`: evenly from min to max. */
export function sustainedRoomSize(options: SustainedOptions, room: number): number {
  if (options.rooms === 1) return options.maxMembers;
  const step = (options.maxMembers - options.minMembers) / (options.rooms - 1);
  return Math.round(options.minMembers + step * room);
}

/** Sockets the fleet holds at most at once for the selected scenarios. */
export function peakSockets(options: BenchOptions): number {
  let peak = 0;
  if (options.scenarios.includes('join') || options.scenarios.includes('fanout'))
    peak = Math.max(peak, ...options.sizes.map((size) => size + 1));
  if (options.scenarios.includes('sustained')) {
    let total = 0;
    for (let room = 0; room < options.sustained.rooms; room += 1)
      total += sustainedRoomSize(options.sustained, room);
    peak = Math.max(peak, total);
  }
  if (options.scenarios.includes('aws-timing')) peak = Math.max(peak, 2);
  return peak;
}
