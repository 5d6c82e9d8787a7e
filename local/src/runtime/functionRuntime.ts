// The local Lambda service: bundles every function at start, keeps a pool of worker-thread
// containers per function and invokes by qualifiedName (the `LambdaInvoker` contract). It logs
// START / END / REPORT lines like CloudWatch, prefixes each container's output with the function
// name, and carries the fault-injection switch that kills containers mid-invocation so tests can
// prove the event sources lose nothing when a worker crashes.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bundleEntries, type BundleResult } from './bundler';
import { RuntimeNotStartedError, UnknownFunctionError } from './errors';
import { FunctionPool, type InvocationOutcome, type PoolStats } from './functionPool';
import { defaultBaseEnvironment } from './lambdaEnvironment';
import { assertContainerNode } from './lambdaNodeRuntime';
import { createBufferedLineWriter } from './lineWriter';
import type { RuntimeFunction } from './runtimeFunction';
import type { InvokeResult, LambdaInvoker } from './types';
import type { CrashPhase } from './workerProtocol';

export interface FunctionRuntimeOptions {
  functions: RuntimeFunction[];
  /** Where bundles go, e.g. `<repo>/.chorus/build` (must be inside the repo so `@aws-sdk/*` resolves). */
  buildDir: string;
  region?: string;
  accountId?: string;
  /** false: leave node_modules packages external for a much faster build (see BundleOptions). */
  bundleDependencies?: boolean;
  /** Containers per function unless `concurrency` names it (default 4). */
  defaultConcurrency?: number;
  /** Per-function container limit by qualifiedName. */
  concurrency?: Record<string, number>;
  /** Host variables passed into every container (default: PATH, LANG, HOME, TMPDIR; never credentials). */
  baseEnvironment?: Record<string, string>;
  /** Log sink (default: console.log). */
  log?: (line: string) => void;
  /** Fault injection: probability (0–1) that any invocation crashes its container. */
  crashProbability?: number;
  /** Random source for crashProbability (tests make it deterministic). */
  random?: () => number;
  /** The Node the containers run on (default process.versions.node; tests pass another). */
  nodeVersion?: string;
  /**
   * Start one container per function during start() (default false: containers start on demand),
   * so the first event of each function does not pay a cold start.
   */
  prestartContainers?: boolean;
  /** Called after every invocation (the local cloud nudges its stream pollers with it). */
  onInvocationEnd?: (qualifiedName: string) => void;
}

export interface InjectedFailures {
  remaining: number;
  phase: CrashPhase;
}

/** A deterministic crash rate: every `every`-th invocation of a function crashes. */
export interface PeriodicCrashes {
  every: number;
  phase: CrashPhase;
  /** Invocations counted since the switch was set. */
  invocations: number;
  /** Crashes it caused so far. */
  crashed: number;
}

/** The crash switches in force (what the admin API reports back). */
export interface CrashFaults {
  crashProbability: number;
  /** Pending injected crashes by qualifiedName. */
  injected: Record<string, InjectedFailures>;
  /** Crash-every-N switches by qualifiedName. */
  periodic: Record<string, PeriodicCrashes>;
}

export class FunctionRuntime implements LambdaInvoker {
  private readonly definitions = new Map<string, RuntimeFunction>();
  private readonly pools = new Map<string, FunctionPool>();
  private readonly injected = new Map<string, InjectedFailures>();
  private readonly periodic = new Map<string, PeriodicCrashes>();
  private readonly log: (line: string) => void;
  private flushLog: () => void = () => undefined;
  private readonly random: () => number;
  private crashProbability: number;
  private started = false;

  constructor(private readonly options: FunctionRuntimeOptions) {
    for (const fn of options.functions) {
      if (this.definitions.has(fn.qualifiedName)) throw new Error(`Duplicate function: ${fn.qualifiedName}`);
      this.definitions.set(fn.qualifiedName, fn);
    }
    if (options.log !== undefined) {
      this.log = options.log;
    } else {
      const writer = createBufferedLineWriter(process.stdout);
      // The last lines (a crash, the final REPORTs) must reach the terminal before the process ends.
      process.once('exit', () => writer.flush());
      this.flushLog = () => writer.flush();
      this.log = writer;
    }
    this.random = options.random ?? Math.random;
    this.crashProbability = options.crashProbability ?? 0;
  }

  /** Bundles every function (one esbuild call) and prepares its pool (see prestartContainers). */
  async start(): Promise<BundleResult> {
    // Worker threads run on this process's Node: refuse rather than emulate Lambda on another major.
    assertContainerNode(this.options.nodeVersion);
    const workerEntry = resolveWorkerEntry();
    const bundles = await bundleEntries(
      [
        { name: WORKER_BUNDLE, file: workerEntry },
        ...[...this.definitions.values()].map((fn) => ({ name: fn.qualifiedName, file: fn.handlerFile })),
      ],
      this.options.bundleDependencies === undefined
        ? { outDir: this.options.buildDir }
        : { outDir: this.options.buildDir, bundleDependencies: this.options.bundleDependencies },
    );
    const workerScript = bundles.files.get(WORKER_BUNDLE) as string;
    const region = this.options.region ?? 'us-east-1';
    const accountId = this.options.accountId ?? '000000000000';
    const baseEnvironment = this.options.baseEnvironment ?? defaultBaseEnvironment();
    for (const fn of this.definitions.values()) {
      const name = fn.qualifiedName;
      this.pools.set(
        name,
        new FunctionPool({
          functionName: name,
          bundlePath: bundles.files.get(name) as string,
          workerScript,
          handlerExport: fn.handlerExport,
          environment: fn.environment,
          baseEnvironment,
          timeoutMs: fn.timeoutSeconds * 1000,
          memorySize: fn.memorySize,
          maxConcurrency: this.options.concurrency?.[name] ?? this.options.defaultConcurrency ?? 4,
          region,
          accountId,
          onOutput: (line) => this.log(`[${name}] ${line}`),
        }),
      );
    }
    this.started = true;
    this.log(
      `[runtime] bundled ${this.definitions.size} function(s) into ${this.options.buildDir} in ${bundles.durationMs.toFixed(0)} ms`,
    );
    if (this.options.prestartContainers === true) {
      await Promise.all([...this.pools.values()].map((pool) => pool.prestart()));
    }
    return bundles;
  }

  functionNames(): string[] {
    return [...this.definitions.keys()];
  }

  async invoke(qualifiedName: string, event: unknown): Promise<InvokeResult> {
    if (!this.started) throw new RuntimeNotStartedError();
    const pool = this.pools.get(qualifiedName);
    if (pool === undefined) throw new UnknownFunctionError(qualifiedName, this.functionNames());
    const requestId = randomUUID();
    const crash = this.takeInjectedCrash(qualifiedName);
    this.log(
      `[${qualifiedName}] START RequestId: ${requestId} Version: $LATEST${crash ? ` (injected crash ${crash})` : ''}`,
    );
    const outcome = await pool.invoke(requestId, event, crash);
    this.report(qualifiedName, requestId, outcome);
    this.options.onInvocationEnd?.(qualifiedName);
    return outcome.result;
  }

  /** Fault injection: the next `count` invocations of `qualifiedName` crash their container. */
  failNextInvocations(qualifiedName: string, count: number, phase: CrashPhase = 'beforeHandler'): void {
    if (!this.definitions.has(qualifiedName))
      throw new UnknownFunctionError(qualifiedName, this.functionNames());
    if (count <= 0) this.injected.delete(qualifiedName);
    else this.injected.set(qualifiedName, { remaining: count, phase });
  }

  /**
   * Fault injection: every `every`-th invocation of `qualifiedName` from now on crashes its
   * container (0 turns it off). Deterministic, unlike the probability, so a suite can promise
   * "a crash every 100 batches" and count them.
   */
  crashEvery(qualifiedName: string, every: number, phase: CrashPhase = 'beforeHandler'): void {
    if (!this.definitions.has(qualifiedName))
      throw new UnknownFunctionError(qualifiedName, this.functionNames());
    if (!Number.isInteger(every) || every < 0) throw new RangeError('every must be a whole number ≥ 0');
    if (every === 0) this.periodic.delete(qualifiedName);
    else this.periodic.set(qualifiedName, { every, phase, invocations: 0, crashed: 0 });
  }

  /** Fault injection: every invocation crashes its container with this probability (0 turns it off). */
  setCrashProbability(probability: number): void {
    if (!(probability >= 0 && probability <= 1)) throw new RangeError('crashProbability must be within 0..1');
    this.crashProbability = probability;
  }

  /** Fault injection: what is switched on right now. */
  crashFaults(): CrashFaults {
    const injected: Record<string, InjectedFailures> = {};
    for (const [name, failures] of this.injected) injected[name] = { ...failures };
    const periodic: Record<string, PeriodicCrashes> = {};
    for (const [name, crashes] of this.periodic) periodic[name] = { ...crashes };
    return { crashProbability: this.crashProbability, injected, periodic };
  }

  stats(qualifiedName: string): PoolStats {
    const pool = this.pools.get(qualifiedName);
    if (pool === undefined) throw new UnknownFunctionError(qualifiedName, this.functionNames());
    return pool.stats();
  }

  /** Terminates every container. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.pools.values()].map((pool) => pool.stop()));
    this.flushLog();
  }

  private takeInjectedCrash(qualifiedName: string): CrashPhase | undefined {
    // The periodic switch counts every invocation, whichever switch then crashes it.
    const periodic = this.periodic.get(qualifiedName);
    if (periodic !== undefined) periodic.invocations += 1;
    const injected = this.injected.get(qualifiedName);
    if (injected !== undefined) {
      injected.remaining -= 1;
      if (injected.remaining <= 0) this.injected.delete(qualifiedName);
      return injected.phase;
    }
    if (periodic !== undefined && periodic.invocations % periodic.every === 0) {
      periodic.crashed += 1;
      return periodic.phase;
    }
    if (this.crashProbability > 0 && this.random() < this.crashProbability) return 'beforeHandler';
    return undefined;
  }

  private report(name: string, requestId: string, outcome: InvocationOutcome): void {
    const { result } = outcome;
    if (!result.ok) {
      this.log(`[${name}] ERROR RequestId: ${requestId} ${result.error.name}: ${result.error.message}`);
    }
    this.log(`[${name}] END RequestId: ${requestId}`);
    const memory = this.definitions.get(name)?.memorySize ?? 0;
    const parts = [
      `REPORT RequestId: ${requestId}`,
      `Duration: ${outcome.durationMs.toFixed(2)} ms`,
      `Billed Duration: ${Math.ceil(outcome.durationMs)} ms`,
      `Memory Size: ${memory} MB`,
    ];
    if (outcome.initDurationMs !== undefined)
      parts.push(`Init Duration: ${outcome.initDurationMs.toFixed(2)} ms`);
    if (outcome.timedOut) parts.push('Status: timeout');
    else if (outcome.containerLost) parts.push('Status: error');
    this.log(`[${name}] ${parts.join('\t')}`);
  }
}

/** Bundle name of the worker entry; the slash keeps it apart from any function's name. */
const WORKER_BUNDLE = '_runtime/worker';

/** workerMain.ts when running from source (tsx, ts-jest), workerMain.js when compiled. */
function resolveWorkerEntry(): string {
  for (const ext of ['.ts', '.js']) {
    const file = path.join(__dirname, `workerMain${ext}`);
    if (existsSync(file)) return file;
  }
  throw new Error(`workerMain not found beside ${__filename}`);
}
