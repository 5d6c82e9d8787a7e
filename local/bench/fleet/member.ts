// One WebSocket member of the client fleet. Its message handler stamps every frame with
// `performance.now()` before anything else and books chat copies in the ledger; requests that
// wait for an answer (joinRoom → presence, ping → pong) are woken by the handler, never polled.
import WebSocket from 'ws';
import type { ServerFrame } from '@chorus/protocol';
import type { DeliveryLedger } from './ledger';

interface Pending {
  match: (frame: ServerFrame) => boolean;
  resolve: (answer: { frame: ServerFrame; raw: string; at: number }) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class FleetMember {
  private readonly pending: Pending[] = [];
  private closing = false;
  /** When this member last sent a data frame (API Gateway's idle timer counts only those). */
  public lastSentAt = performance.now();

  private constructor(
    private readonly socket: WebSocket,
    public readonly group: string,
    /** Position in the group (dense: re-set when a failed handshake leaves a hole). */
    public index: number,
    private readonly ledger: DeliveryLedger,
  ) {
    socket.on('message', (data: Buffer) => this.receive(data, performance.now()));
    socket.on('close', (code) => {
      const why = new Error(`socket ${group}#${index} closed (${code}) while waiting`);
      for (const p of this.pending.splice(0)) {
        clearTimeout(p.timer);
        p.reject(why);
      }
      if (!this.closing) this.onUnexpectedClose?.(code);
    });
  }

  /** Set by the fleet to count sockets the server closed under the bench. */
  public onUnexpectedClose?: (code: number) => void;

  public static connect(
    url: string,
    group: string,
    index: number,
    ledger: DeliveryLedger,
    timeoutMs: number,
  ): Promise<FleetMember> {
    return new Promise((resolve, reject) => {
      // API Gateway does not negotiate permessage-deflate; neither does the baseline server.
      const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
      const member = new FleetMember(socket, group, index, ledger);
      socket.once('open', () => resolve(member));
      socket.once('unexpected-response', (_req, res) => {
        reject(new Error(`handshake refused with HTTP ${res.statusCode}`));
        socket.terminate();
      });
      socket.once('error', (error) => reject(error));
    });
  }

  public get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  public send(frame: string): void {
    this.lastSentAt = performance.now();
    this.socket.send(frame);
  }

  /** Sends `frame` and resolves with the first later frame that `match` accepts. */
  public request(
    frame: string,
    description: string,
    match: (frame: ServerFrame) => boolean,
    timeoutMs: number,
  ): Promise<{ frame: ServerFrame; raw: string; at: number }> {
    if (!this.isOpen)
      return Promise.reject(new Error(`${this.group}#${this.index}: socket closed before ${description}`));
    const answer = this.await(description, match, timeoutMs);
    this.send(frame);
    return answer;
  }

  /** Resolves with the first frame from now on that `match` accepts. */
  public await(
    description: string,
    match: (frame: ServerFrame) => boolean,
    timeoutMs: number,
  ): Promise<{ frame: ServerFrame; raw: string; at: number }> {
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.pending.splice(this.pending.indexOf(entry), 1);
          reject(new Error(`${this.group}#${this.index}: no ${description} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.pending.push(entry);
    });
  }

  public close(): Promise<void> {
    this.closing = true;
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 5_000);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.close(1000, 'bench done');
    });
  }

  private receive(data: Buffer, at: number): void {
    const raw = data.toString('utf8');
    let frame: ServerFrame;
    try {
      frame = JSON.parse(raw) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'message') this.ledger.arrive(frame.clientMsgId, this.group, this.index, at);
    else if (frame.type === 'ack') this.ledger.ack(frame.clientMsgId, at);
    else if (frame.type === 'error' && frame.clientMsgId !== undefined)
      this.ledger.refuse(frame.clientMsgId, `${frame.code}: ${frame.message}`);
    if (this.pending.length === 0) return;
    const index = this.pending.findIndex((p) => p.match(frame));
    if (index < 0) return;
    const [hit] = this.pending.splice(index, 1);
    clearTimeout(hit!.timer);
    hit!.resolve({ frame, raw, at });
  }
}
