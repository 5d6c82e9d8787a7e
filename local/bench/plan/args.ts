// Command-line options of `npm run plan -- --room-size N [knobs]`. Each knob is one row of KNOBS
// (usage line, range and the input it sets), so the usage text cannot drift from what is accepted.
import type { PlanInputs } from '../capacity';
import type { PlanDefaults } from './defaults';

export class PlanUsageError extends Error {
  public override readonly name: string = 'PlanUsageError';
  public readonly code = 'PLAN_USAGE';
}

/** `--help`: not a mistake, so the usage goes to stdout and the planner exits 0. */
export class PlanHelpRequested extends PlanUsageError {
  public override readonly name = 'PlanHelpRequested';
}

export interface PlanOptions {
  inputs: PlanInputs;
  json: boolean;
}

interface Knob {
  flag: string;
  usage: string;
  min: number;
  max: number;
  /** Whole numbers only. */
  whole: boolean;
  set(inputs: PlanInputs, value: number): void;
}

const KNOBS: Knob[] = [
  {
    flag: '--room-size',
    usage: 'N     recipients of one message (required)',
    min: 1,
    max: 100_000_000,
    whole: true,
    set: (i, v) => void (i.recipients = v),
  },
  {
    flag: '--batch-size',
    usage: 'K    connection ids per delivery job (deliveryBatchSize)',
    min: 1,
    max: 5_000,
    whole: true,
    set: (i, v) => void (i.batchSize = v),
  },
  {
    flag: '--in-flight',
    usage: 'c     PostToConnection calls in flight per worker (deliveryInFlight)',
    min: 1,
    max: 10_000,
    whole: true,
    set: (i, v) => void (i.inFlight = v),
  },
  {
    flag: '--latency-ms',
    usage: 'L    latency of one PostToConnection, ms',
    min: 0,
    max: 60_000,
    whole: false,
    set: (i, v) => void (i.perCallLatencySeconds = v / 1000),
  },
  {
    flag: '--rate',
    usage: 'R          account rate for API Gateway calls, per second',
    min: 1,
    max: 100_000_000,
    whole: false,
    set: (i, v) => void (i.ratePerSecond = v),
  },
  {
    flag: '--burst',
    usage: 'B         the throttle bucket: calls allowed at once before R applies',
    min: 0,
    max: 100_000_000,
    whole: true,
    set: (i, v) => void (i.burst = v),
  },
  {
    flag: '--max-concurrency',
    usage: 'W  the deliver trigger maximumConcurrency (deliveryMaxConcurrency)',
    min: 2,
    max: 1_000,
    whole: true,
    set: (i, v) => void (i.maxConcurrency = v),
  },
  {
    flag: '--reserved-concurrency',
    usage: 'n  reserved concurrency of the deliver function (default: none)',
    min: 1,
    max: 1_000_000,
    whole: true,
    set: (i, v) => void (i.reservedConcurrency = v),
  },
  {
    flag: '--initial-concurrency',
    usage: 'n  workers running when the message arrives (5 = idle queue; W = warm fleet)',
    min: 1,
    max: 1_000,
    whole: true,
    set: (i, v) => void (i.initialConcurrency = v),
  },
  {
    flag: '--trigger-batch-size',
    usage: 'b  jobs per worker invocation (deliveryTriggerBatchSize)',
    min: 1,
    max: 10_000,
    whole: true,
    set: (i, v) => void (i.triggerBatchSize = v),
  },
  {
    flag: '--memory-mb',
    usage: 'M      worker memory, MB (provider.memorySize)',
    min: 128,
    max: 10_240,
    whole: true,
    set: (i, v) => void (i.memoryMb = v),
  },
  {
    flag: '--retry-share',
    usage: 's    429s retried per delivery (default: estimated from W·c/L over R)',
    min: 0,
    max: 100,
    whole: false,
    set: (i, v) => void (i.retryShare = v),
  },
  {
    flag: '--inline-max',
    usage: 'n    rooms of one job up to n are posted by the dispatcher (dispatchInlineMax; 0 = none)',
    min: 0,
    max: 5_000,
    whole: true,
    set: (i, v) => void (i.inlineMax = v),
  },
  {
    flag: '--t0-ms',
    usage: 'T0        write → stream → dispatch → enqueue, ms',
    min: 0,
    max: 600_000,
    whole: false,
    set: (i, v) => void (i.t0Seconds = v / 1000),
  },
];

export function planUsage(defaults: PlanDefaults): string {
  const shown: Record<string, number | undefined> = {
    '--batch-size': defaults.batchSize,
    '--in-flight': defaults.inFlight,
    '--latency-ms': defaults.perCallLatencySeconds * 1000,
    '--rate': defaults.ratePerSecond,
    '--burst': defaults.burst,
    '--max-concurrency': defaults.maxConcurrency,
    '--initial-concurrency': defaults.initialConcurrency,
    '--trigger-batch-size': defaults.triggerBatchSize,
    '--memory-mb': defaults.memoryMb,
    '--inline-max': defaults.inlineMax,
    '--t0-ms': defaults.t0Seconds * 1000,
  };
  return [
    'Usage: npm run plan -- --room-size N [knobs]',
    '',
    'Projects one message to N recipients on AWS with the capacity model (docs/operations.md#planner).',
    '',
    ...KNOBS.map((k) => {
      const value = shown[k.flag];
      const space = k.usage.indexOf(' ');
      const head = `${k.flag} ${k.usage.slice(0, space)}`;
      const text = k.usage.slice(space).trim();
      return `  ${head.padEnd(26)} ${text}${value === undefined ? '' : ` [${value}]`}`;
    }),
    `  ${'--json'.padEnd(26)} machine-readable output`,
    `  ${'--help'.padEnd(26)} this text`,
    '',
    'Defaults in [ ] come from services/fanout/serverless.yml and the AWS account defaults.',
    'Exits 2 on a usage error.',
  ].join('\n');
}

function number(knob: Knob, raw: string): number {
  const value = Number(raw);
  const shape = knob.whole ? 'a whole number' : 'a number';
  if (raw.trim() === '' || !Number.isFinite(value) || (knob.whole && !Number.isInteger(value)))
    throw new PlanUsageError(
      `${knob.flag} needs ${shape} in ${knob.min}..${knob.max} (got ${JSON.stringify(raw)})`,
    );
  if (value < knob.min || value > knob.max)
    throw new PlanUsageError(`${knob.flag} needs ${shape} in ${knob.min}..${knob.max} (got ${raw})`);
  return value;
}

export function parsePlanArgs(argv: readonly string[], defaults: PlanDefaults): PlanOptions {
  // recipients 0 marks "not given"; the room size has no default.
  const inputs: PlanInputs = { ...defaults, recipients: 0 };
  let json = false;
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new PlanHelpRequested(planUsage(defaults));
    if (arg === '--json') {
      json = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const knob = KNOBS.find((k) => k.flag === flag);
    if (knob === undefined)
      throw new PlanUsageError(`Unknown option ${JSON.stringify(flag)}\n\n${planUsage(defaults)}`);
    if (seen.has(flag)) throw new PlanUsageError(`${flag} is given twice`);
    seen.add(flag);
    let raw: string | undefined = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (raw === undefined) {
      i += 1;
      raw = argv[i];
    }
    if (raw === undefined || raw === '' || (eq < 0 && raw.startsWith('--')))
      throw new PlanUsageError(`${flag} needs a value`);
    knob.set(inputs, number(knob, raw));
  }
  if (inputs.recipients === 0)
    throw new PlanUsageError(`--room-size N is required\n\n${planUsage(defaults)}`);
  return { inputs, json };
}
