// A TCP proxy in front of DynamoDB Local or the SQS emulator, between them and the functions and
// pollers, that can make the service unreachable for a while: real sockets fail, so the real SDK
// clients retry, give up, and the event sources redeliver, exactly as with a network fault on AWS.
//   refuse     the listener closes (new connections: ECONNREFUSED) and every open connection is
//              reset (ECONNRESET); after the outage it listens again on the same port.
// (A "blackhole" mode that holds traffic was tried and left out: paused sockets kept pending
// shutdowns alive after close, so it could not be made to stop cleanly.)
import { createServer, connect, type Server, type Socket } from 'node:net';

export const OUTAGE_MODES = ['refuse'] as const;
export type OutageMode = (typeof OUTAGE_MODES)[number];

export interface OutageStats {
  /** The outage in force, if any. */
  active?: { mode: OutageMode; ms: number };
  /** Outages started so far. */
  outages: number;
  /** Their requested durations added up (ms), the figure a suite reports. */
  outageMs: number;
}

interface Pipe {
  client: Socket;
  upstream?: Socket;
  /** Tears both sides down and forgets the pipe (idempotent). */
  forget: () => void;
}

export class OutageProxy {
  private readonly server: Server;
  private readonly pipes = new Set<Pipe>();
  private boundPort: number | undefined;
  private active: { mode: OutageMode; ms: number; timer: NodeJS.Timeout; ended: Promise<void> } | undefined;
  private endActive: (() => void) | undefined;
  private outages = 0;
  private outageMs = 0;
  private closed = false;

  public constructor(
    /** What it stands in front of, e.g. `dynamodb` (for messages). */
    public readonly name: string,
    private readonly target: { host: string; port: number },
    private readonly host = '127.0.0.1',
    /** Where a failure nobody awaits is told (an outage that cannot end). */
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  /** Listens on `port` (0: a free one); resolves with the bound port. */
  public async listen(port = 0): Promise<number> {
    await this.listenOn(port);
    return this.port;
  }

  public get port(): number {
    if (this.boundPort === undefined) throw new Error(`OutageProxy ${this.name}: call listen() first`);
    return this.boundPort;
  }

  /** `http://127.0.0.1:<port>`: the endpoint to give SDK clients instead of the service's own. */
  public get endpoint(): string {
    return `http://${this.host}:${this.port}`;
  }

  public stats(): OutageStats {
    const stats: OutageStats = { outages: this.outages, outageMs: this.outageMs };
    if (this.active !== undefined) stats.active = { mode: this.active.mode, ms: this.active.ms };
    return stats;
  }

  /**
   * Starts an outage of `ms` milliseconds; resolves when it has begun (the listener is closed, or
   * forwarding has stopped). A second outage while one runs is refused.
   */
  public async startOutage(mode: OutageMode, ms: number): Promise<void> {
    if (this.active !== undefined) throw new OutageBusyError(this.name);
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const timer = setTimeout(() => {
      this.endOutage().catch((error: unknown) =>
        // e.g. another process took the port meanwhile: the service stays unreachable.
        this.log(`  ! ${this.name} outage proxy could not listen again: ${String(error)}`),
      );
    }, ms);
    this.active = { mode, ms, timer, ended };
    this.endActive = end;
    this.outages += 1;
    this.outageMs += ms;
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const pipe of this.pipes) this.reset(pipe);
    await stopped;
  }

  /** Ends the outage in force now (none: nothing to do); resolves once traffic can flow again. */
  public async endOutage(): Promise<void> {
    const active = this.active;
    if (active === undefined) return;
    clearTimeout(active.timer);
    this.active = undefined;
    if (!this.closed) await this.listenOn(this.port);
    this.endActive?.();
  }

  /** Resolves when the outage in force (if any) has ended. */
  public async outageEnded(): Promise<void> {
    await this.active?.ended;
  }

  public async close(): Promise<void> {
    this.closed = true;
    await this.endOutage();
    for (const pipe of this.pipes) this.reset(pipe);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private listenOn(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.host, () => {
        this.server.off('error', reject);
        this.boundPort = (this.server.address() as { port: number }).port;
        resolve();
      });
    });
  }

  private accept(client: Socket): void {
    const pipe: Pipe = {
      client,
      forget: () => {
        this.pipes.delete(pipe);
        client.destroy();
        pipe.upstream?.destroy();
      },
    };
    this.pipes.add(pipe);
    client.on('error', pipe.forget);
    client.on('close', pipe.forget);
    this.connectUpstream(pipe);
  }

  private connectUpstream(pipe: Pipe): void {
    const upstream = connect(this.target.port, this.target.host);
    pipe.upstream = upstream;
    upstream.on('error', pipe.forget);
    upstream.on('close', pipe.forget);
    pipe.client.pipe(upstream);
    upstream.pipe(pipe.client);
  }

  /** A TCP reset on both sides, as when the peer's host vanished. */
  private reset(pipe: Pipe): void {
    this.pipes.delete(pipe);
    for (const socket of [pipe.client, pipe.upstream]) {
      // A socket still connecting is destroyed (with an error event, handled) instead of reset.
      if (socket !== undefined && !socket.destroyed) socket.resetAndDestroy();
    }
  }
}

export class OutageBusyError extends Error {
  public override readonly name = 'OutageBusyError';
  public readonly code = 'OUTAGE_IN_PROGRESS';
  public constructor(service: string) {
    super(`${service} is already in an outage; wait for it to end or DELETE /_chorus/outages`);
  }
}
