// Command-line options of `npm run bench -- [options]`. Every loop of the bench is bounded by
// these counts; defaults fit a 2-core machine.

export interface BenchOptions {
  /** Room sizes N to measure. */
  sizes: number[];
  /** Messages M sent one after another per room (and baseline rounds). */
  messages: number;
  /** Untimed warm-up rounds per room before the timed ones (delivered and counted all the same). */
  warmups: number;
  /** Local-cloud cold starts to time (0 skips; the bench then starts one cloud for the fan-out). */
  coldStarts: number;
  /** ping → pong round trips per room size. */
  pings: number;
  /** WebSocket connections opened at once. */
  connectChunk: number;
  /** joinRoom requests in flight at once. */
  joinChunk: number;
  /** Characters of chat text per message (the payload of every delivery). */
  textChars: number;
  /** Where the JSON report goes, relative to the repository root unless absolute. */
  out: string;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  sizes: [10, 100, 500],
  messages: 5,
  warmups: 1,
  coldStarts: 3,
  pings: 20,
  connectChunk: 25,
  joinChunk: 20,
  textChars: 200,
  out: 'artifacts/bench.json',
};

export const BENCH_USAGE = `Usage: npm run bench -- [options]

  --sizes 10,100,500   room sizes N (connections per room)
  --messages 5         messages per room, sent one after another (same count of baseline rounds)
  --warmups 1          untimed warm-up rounds per room (still checked for exactly-once)
  --cold-starts 3      local-cloud cold starts to time (0 = skip)
  --pings 20           ping → pong round trips per room size
  --connect-chunk 25   connections opened at once
  --join-chunk 20      joinRoom requests in flight at once
  --text-chars 200     chat text length (1-4000)
  --out PATH           JSON report (default artifacts/bench.json under the repository root)`;

export class BenchUsageError extends Error {
  public override readonly name = 'BenchUsageError';
  public readonly code = 'BENCH_USAGE';
}

function positiveInt(flag: string, raw: string | undefined, min = 1, max = 100_000): number {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new BenchUsageError(`${flag} needs a whole number in ${min}..${max} (got ${raw ?? 'nothing'})`);
  }
  return value;
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, sizes: [...DEFAULT_OPTIONS.sizes] };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] as string;
    const [name, inline] = flag.includes('=') ? (flag.split('=', 2) as [string, string]) : [flag, undefined];
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      i += 1;
      return argv[i];
    };
    switch (name) {
      case '--sizes': {
        const raw = value();
        if (raw === undefined || raw.trim() === '')
          throw new BenchUsageError('--sizes needs a list such as 10,100,500');
        // N ≥ 2: one sender and at least one other member.
        options.sizes = raw.split(',').map((part) => positiveInt('--sizes', part.trim(), 2, 5_000));
        break;
      }
      case '--messages':
        options.messages = positiveInt(name, value(), 1, 1_000);
        break;
      case '--warmups':
        options.warmups = positiveInt(name, value(), 0, 100);
        break;
      case '--cold-starts':
        options.coldStarts = positiveInt(name, value(), 0, 20);
        break;
      case '--pings':
        options.pings = positiveInt(name, value(), 1, 1_000);
        break;
      case '--connect-chunk':
        options.connectChunk = positiveInt(name, value(), 1, 500);
        break;
      case '--join-chunk':
        options.joinChunk = positiveInt(name, value(), 1, 500);
        break;
      case '--text-chars':
        options.textChars = positiveInt(name, value(), 1, 4_000);
        break;
      case '--out': {
        const raw = value();
        if (raw === undefined || raw === '') throw new BenchUsageError('--out needs a path');
        options.out = raw;
        break;
      }
      case '--help':
      case '-h':
        throw new BenchUsageError(BENCH_USAGE);
      default:
        throw new BenchUsageError(`Unknown option ${flag}\n\n${BENCH_USAGE}`);
    }
  }
  return options;
}
