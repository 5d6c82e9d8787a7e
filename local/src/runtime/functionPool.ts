// The containers of one function: worker threads created lazily up to a concurrency limit, each
// with its own process.env (like a Lambda sandbox), one invocation at a time per worker, a queue
// beyond the limit. A worker that crashes or times out is discarded and replaced on demand, as
// Lambda discards a sandbox it had to kill.
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { lambdaLogStreamName } from './lambdaContext';
import { buildLambdaEnvironment } from './lambdaEnvironment';
import type { InvokeResult } from './types';
import {
  timeoutError,
  type CrashPhase,
  type InvokeMessage,
  type SerializedError,
  type WorkerMessage,
  type WorkerSetup,
} from './workerProtocol';

export interface FunctionPoolOptions {
  functionName: string;
  bundlePath: string;
  /** The bundled workerMain.js. */
  workerScript: string;
  handlerExport: string;
  /** The function's own variables. */
  environment: Record<string, string>;
  /** Host variables every container inherits (see buildLambdaEnvironment). */
  baseEnvironment: Record<string, string>;
  timeoutMs: number;
  memorySize: number;
  /** Max containers (= concurrent invocations) of this function. */
  maxConcurrency: number;
  region: string;
  accountId: string;
  /** Receives the containers' console output, one line at a time. */
  onOutput: (line: string) => void;
  /** Extra time the pool waits past the deadline before killing a worker that did not answer. */
  hardKillGraceMs?: number;
}

export interface InvocationOutcome {
  result: InvokeResult;
  /** Time from handing the event to a ready container to its answer. */
  durationMs: number;
  /** Module-scope time when this invocation had to start a new container. */
  initDurationMs?: number;
  /** The container was killed (timeout or crash) and will be replaced. */
  containerLost: boolean;
  timedOut: boolean;
}

interface Pending {
  requestId: string;
  event: unknown;
  crash?: CrashPhase;
  resolve: (outcome: InvocationOutcome) => void;
}

interface Container {
  id: number;
  worker: Worker;
  ready: boolean;
  initDurationMs?: number;
  /** The init time is reported once, on the container's first invocation. */
  initReported: boolean;
  current?: { pending: Pending; startedAt: number; hardTimer: NodeJS.Timeout };
  lastError?: Error;
  lost: boolean;
  /** Called once the container has loaded its bundle (or died trying). */
  onSettled?: () => void;
}

export interface PoolStats {
  containers: number;
  busy: number;
  queued: number;
  /** Containers started since the pool was created (replacements included). */
  started: number;
}

export class FunctionPool {
  private readonly containers = new Set<Container>();
  private readonly idle: Container[] = [];
  private readonly queue: Pending[] = [];
  private starting = 0;
  private startedTotal = 0;
  private nextId = 1;
  private stopped = false;

  constructor(private readonly options: FunctionPoolOptions) {}

  invoke(requestId: string, event: unknown, crash?: CrashPhase): Promise<InvocationOutcome> {
    if (this.stopped) {
      return Promise.resolve(
        this.failure(requestId, { name: 'Runtime.Stopped', message: 'The runtime is stopped' }),
      );
    }
    return new Promise((resolve) => {
      const pending: Pending = { requestId, event, resolve };
      if (crash !== undefined) pending.crash = crash;
      this.queue.push(pending);
      this.pump();
    });
  }

  /**
   * Starts one container ahead of the first invocation (if none runs yet) and resolves once it has
   * loaded its bundle, so the first event does not pay the module load. The container is an
   * ordinary one: its init ran once, with this function's environment; an init error is reported
   * to the first invocation, as Lambda does.
   */
  prestart(): Promise<void> {
    if (this.stopped || this.containers.size > 0) return Promise.resolve();
    return new Promise((resolve) => {
      const container = this.spawn();
      container.onSettled = resolve;
    });
  }

  stats(): PoolStats {
    let busy = 0;
    for (const container of this.containers) if (container.current !== undefined) busy += 1;
    return { containers: this.containers.size, busy, queued: this.queue.length, started: this.startedTotal };
  }

  /** Terminates every container; queued and running invocations end with a Runtime.Stopped error. */
  async stop(): Promise<void> {
    this.stopped = true;
    const stoppedError = { name: 'Runtime.Stopped', message: 'The runtime was stopped' };
    for (const pending of this.queue.splice(0))
      pending.resolve(this.failure(pending.requestId, stoppedError));
    const terminations: Promise<number>[] = [];
    for (const container of this.containers) {
      if (container.current !== undefined)
        this.finish(container, this.failure(container.current.pending.requestId, stoppedError));
      container.lost = true;
      terminations.push(container.worker.terminate());
    }
    await Promise.allSettled(terminations);
    this.containers.clear();
    this.idle.length = 0;
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.stopped) {
      const container = this.idle.pop();
      if (container !== undefined) {
        this.assign(container, this.queue.shift() as Pending);
      } else if (this.containers.size < this.options.maxConcurrency && this.starting < this.queue.length) {
        this.spawn();
      } else {
        return;
      }
    }
  }

  private spawn(): Container {
    const { options } = this;
    const logStreamName = lambdaLogStreamName();
    const setup: WorkerSetup = {
      bundlePath: options.bundlePath,
      handlerExport: options.handlerExport,
      functionName: options.functionName,
      memorySize: options.memorySize,
      timeoutMs: options.timeoutMs,
      region: options.region,
      accountId: options.accountId,
      logStreamName,
    };
    const env = buildLambdaEnvironment({
      functionName: options.functionName,
      handlerExport: options.handlerExport,
      memorySize: options.memorySize,
      region: options.region,
      logStreamName,
      environment: options.environment,
      base: options.baseEnvironment,
    });
    const worker = new Worker(options.workerScript, {
      workerData: setup,
      env,
      stdout: true,
      stderr: true,
      name: options.functionName,
    });
    const container: Container = {
      id: this.nextId++,
      worker,
      ready: false,
      initReported: false,
      lost: false,
    };
    this.containers.add(container);
    this.starting += 1;
    this.startedTotal += 1;
    for (const stream of [worker.stdout, worker.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        if (line.trim() !== '') options.onOutput(line);
      });
    }
    worker.on('message', (message: WorkerMessage) => this.onMessage(container, message));
    worker.on('error', (error) => {
      container.lastError = error;
    });
    worker.on('exit', (code) => this.onExit(container, code));
    return container;
  }

  private settle(container: Container): void {
    const settled = container.onSettled;
    container.onSettled = undefined;
    settled?.();
  }

  private onMessage(container: Container, message: WorkerMessage): void {
    if (message.type === 'ready') {
      this.starting -= 1;
      this.settle(container);
      container.ready = true;
      container.initDurationMs = message.initDurationMs;
      if (message.initError !== undefined) {
        // Lambda fails the invocation that hit the init error and starts a fresh sandbox next time.
        const pending = this.queue.shift();
        if (pending !== undefined)
          pending.resolve({ ...this.failure(pending.requestId, message.initError), containerLost: true });
        this.discard(container);
      } else {
        this.idle.push(container);
      }
      this.pump();
      return;
    }
    const current = container.current;
    if (current === undefined || current.pending.requestId !== message.requestId) return;
    const result: InvokeResult = message.ok
      ? { ok: true, requestId: message.requestId, result: message.result }
      : { ok: false, requestId: message.requestId, error: message.error };
    const timedOut = !message.ok && message.timedOut === true;
    this.finish(container, { result, durationMs: 0, containerLost: timedOut, timedOut });
    if (timedOut) this.discard(container);
    else this.idle.push(container);
    this.pump();
  }

  private onExit(container: Container, code: number): void {
    this.settle(container);
    const wasReady = container.ready;
    this.containers.delete(container);
    const idleIndex = this.idle.indexOf(container);
    if (idleIndex >= 0) this.idle.splice(idleIndex, 1);
    if (!wasReady) this.starting -= 1;
    if (container.lost || this.stopped) {
      this.pump();
      return;
    }
    container.lost = true;
    const reason = container.lastError?.message ?? `exit code ${code}`;
    const error: SerializedError = {
      name: 'Runtime.ExitError',
      message: `Runtime exited with error: ${reason}`,
    };
    if (container.current !== undefined) {
      this.finish(container, {
        ...this.failure(container.current.pending.requestId, error),
        containerLost: true,
      });
    } else if (!wasReady) {
      // Died while loading: fail one waiting invocation instead of respawning forever.
      const pending = this.queue.shift();
      if (pending !== undefined)
        pending.resolve({ ...this.failure(pending.requestId, error), containerLost: true });
    }
    this.options.onOutput(`container ${container.id} exited (${reason}); it will be replaced on demand`);
    this.pump();
  }

  private assign(container: Container, pending: Pending): void {
    const grace = this.options.hardKillGraceMs ?? 500;
    const hardTimer = setTimeout(() => {
      // The worker is stuck (e.g. a synchronous loop) and missed its own deadline: kill it.
      if (container.current?.pending !== pending) return;
      this.finish(container, {
        ...this.failure(pending.requestId, timeoutError(this.options.timeoutMs)),
        containerLost: true,
        timedOut: true,
      });
      this.discard(container);
      this.pump();
    }, this.options.timeoutMs + grace);
    container.current = { pending, startedAt: performance.now(), hardTimer };
    const message: InvokeMessage = { type: 'invoke', requestId: pending.requestId, event: pending.event };
    if (pending.crash !== undefined) message.crash = pending.crash;
    container.worker.postMessage(message);
  }

  /** Resolves the container's current invocation with timing filled in. */
  private finish(container: Container, outcome: InvocationOutcome): void {
    const current = container.current;
    if (current === undefined) return;
    clearTimeout(current.hardTimer);
    container.current = undefined;
    outcome.durationMs = performance.now() - current.startedAt;
    if (!container.initReported && container.initDurationMs !== undefined) {
      outcome.initDurationMs = container.initDurationMs;
      container.initReported = true;
    }
    current.pending.resolve(outcome);
  }

  private discard(container: Container): void {
    container.lost = true;
    this.containers.delete(container);
    void container.worker.terminate();
  }

  private failure(requestId: string, error: SerializedError): InvocationOutcome {
    return { result: { ok: false, requestId, error }, durationMs: 0, containerLost: false, timedOut: false };
  }
}
