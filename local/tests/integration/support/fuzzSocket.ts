// One signed-in socket of the fuzz suite. It separates the frames the server sends on its own
// (`message` frames of the fan-out) from answers (every other frame: each client frame gets
// exactly one), and hands answers out in arrival order; a close ends the socket's answers.
import WebSocket from 'ws';
import { parseServerFrame, type MessageFrame, type ServerFrame } from '@chorus/protocol';
import { signIn, type SignInEndpoints } from './chatClient';
import type { Wire } from './fuzzCases';

export type Answer =
  | { kind: 'frame'; frame: ServerFrame; raw: string }
  /** Text the server sent that is not a valid server frame (e.g. API Gateway's error frame). */
  | { kind: 'invalid'; raw: string; why: string }
  | { kind: 'close'; code: number };

export class FuzzSocket {
  /** Fan-out deliveries received, in order. */
  public readonly delivered: MessageFrame[] = [];
  private readonly answers: Answer[] = [];
  private waiter: (() => void) | undefined;
  private closed: number | undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const raw = data.toString();
      if (isBinary) return this.push({ kind: 'invalid', raw, why: 'binary frame from the server' });
      try {
        const frame = parseServerFrame(raw);
        if (frame.type === 'message') this.delivered.push(frame);
        else this.push({ kind: 'frame', frame, raw });
      } catch (error) {
        this.push({ kind: 'invalid', raw, why: (error as Error).message });
      }
    });
    socket.on('close', (code) => {
      this.closed = code;
      this.push({ kind: 'close', code });
    });
    socket.on('error', () => undefined); // a close follows
  }

  public static async open(endpoints: SignInEndpoints, name: string): Promise<FuzzSocket> {
    const token = await signIn(endpoints.signIn, name);
    const socket = new WebSocket(`${endpoints.websocketUrl}?token=${encodeURIComponent(token)}`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`handshake refused: ${res.statusCode}`)),
      );
      socket.once('error', reject);
    });
    return new FuzzSocket(socket);
  }

  public get isClosed(): boolean {
    return this.closed !== undefined;
  }

  public send(wire: Wire): void {
    if (wire.kind === 'text') this.socket.send(wire.text);
    else if (wire.kind === 'bytes') this.socket.send(wire.bytes, { binary: wire.binary });
    else
      wire.parts.forEach((part, index) => this.socket.send(part, { fin: index === wire.parts.length - 1 }));
  }

  /** The next answer (a close stays the last one); rejects after `timeoutMs` without one. */
  public async next(timeoutMs: number): Promise<Answer> {
    const deadline = Date.now() + timeoutMs;
    while (this.answers.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no answer within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const answer = this.answers[0]!;
    if (answer.kind !== 'close') this.answers.shift();
    return answer;
  }

  /** Answers that arrived and were not taken (after the run: must be none). */
  public get unclaimed(): Answer[] {
    return this.answers.filter((answer) => answer.kind !== 'close');
  }

  public close(): Promise<void> {
    if (this.closed !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close(1000, 'done');
    });
  }

  private push(answer: Answer): void {
    this.answers.push(answer);
    const wake = this.waiter;
    this.waiter = undefined;
    wake?.();
  }
}
