// The storm test's handle on its client fleet process: forks stormFleet.ts under tsx, sends
// commands over IPC and resolves each with its reply.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { StormCommand, StormEvent, StormReplies } from './stormProtocol';

export class StormFleet {
  private nextId = 1;
  private readonly inFlight = new Map<
    number,
    { resolve: (body: unknown) => void; reject: (e: Error) => void }
  >();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (event: StormEvent) => {
      if (event.type === 'ready') return;
      const pending = this.inFlight.get(event.id);
      this.inFlight.delete(event.id);
      if (event.type === 'reply') pending?.resolve(event.body);
      else pending?.reject(new Error(`storm fleet: ${event.message}`));
    });
    child.once('exit', (code, signal) => {
      const error = new Error(`the storm fleet exited (${signal ?? `code ${code}`})`);
      for (const pending of this.inFlight.values()) pending.reject(error);
      this.inFlight.clear();
    });
  }

  public static start(cwd: string): Promise<StormFleet> {
    const child = fork(join(__dirname, 'stormFleet.ts'), [], {
      cwd,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) =>
        reject(new Error(`the storm fleet exited with ${code} before it was ready`)),
      );
      child.once('message', (event: StormEvent) =>
        event.type === 'ready'
          ? resolve(new StormFleet(child))
          : reject(new Error(`first event ${event.type}`)),
      );
    });
  }

  public run<K extends StormCommand['kind']>(
    command: Extract<StormCommand, { kind: K }>,
  ): Promise<StormReplies[K]> {
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve, reject) => {
      this.inFlight.set(id, { resolve: (body) => resolve(body as StormReplies[K]), reject });
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
}
