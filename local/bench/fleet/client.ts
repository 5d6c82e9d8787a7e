// The runner's handle on the client fleet process: starts it, sends commands over IPC and
// resolves each with its reply, forwarding progress events to the caller's callback.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { FleetCommand, FleetEvent, ReplyBodies } from './protocol';

export type ProgressCallback = (done: number, failed: number, total: number) => void;

interface InFlight {
  resolve: (body: unknown) => void;
  reject: (error: Error) => void;
  progress?: ProgressCallback;
}

export class FleetClient {
  private nextId = 1;
  private readonly inFlight = new Map<number, InFlight>();
  private exitError?: Error;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (event: FleetEvent) => this.onEvent(event));
    child.once('exit', (code, signal) => {
      this.exitError = new Error(`the client fleet exited (${signal ?? `code ${code}`})`);
      for (const pending of this.inFlight.values()) pending.reject(this.exitError);
      this.inFlight.clear();
    });
  }

  /** Forks fleet/main.ts (under tsx, from `cwd`) and waits for its ready event. */
  public static start(cwd: string): Promise<FleetClient> {
    const child = fork(join(__dirname, 'main.ts'), [], {
      cwd,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      const failed = (why: string): void => reject(new Error(`the client fleet did not start: ${why}`));
      child.once('error', (error) => failed(error.message));
      child.once('exit', (code) => failed(`exited with ${code}`));
      child.once('message', (event: FleetEvent) => {
        if (event.type === 'ready') resolve(new FleetClient(child));
        else failed(`first event was ${event.type}`);
      });
    });
  }

  public get pid(): number | undefined {
    return this.child.pid;
  }

  public run<K extends FleetCommand['kind']>(
    command: Extract<FleetCommand, { kind: K }>,
    progress?: ProgressCallback,
  ): Promise<ReplyBodies[K]> {
    if (this.exitError !== undefined) return Promise.reject(this.exitError);
    const id = this.nextId;
    this.nextId += 1;
    return new Promise<ReplyBodies[K]>((resolve, reject) => {
      const entry: InFlight = { resolve: (body) => resolve(body as ReplyBodies[K]), reject };
      if (progress !== undefined) entry.progress = progress;
      this.inFlight.set(id, entry);
      this.child.send({ id, command });
    });
  }

  /** Closes the IPC channel (the fleet exits on disconnect); SIGKILL after 10 s. */
  public async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  private onEvent(event: FleetEvent): void {
    if (event.type === 'ready') return;
    const pending = this.inFlight.get(event.id);
    if (pending === undefined) return;
    if (event.type === 'progress') {
      pending.progress?.(event.done, event.failed, event.total);
      return;
    }
    this.inFlight.delete(event.id);
    if (event.type === 'reply') pending.resolve(event.body);
    else pending.reject(new Error(`client fleet: ${event.message}`));
  }
}
