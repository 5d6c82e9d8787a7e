// One lane of the fuzz run: a signed-in socket that sends its steps one after another (a step is
// one frame, answered before the next goes, or a flood of frames sent back to back), checks every
// answer against the case's expectation under the lane's model of its joined rooms, and opens a
// fresh socket whenever a case was meant to close it.
import { ErrorCode } from '@chorus/protocol';
import type { SignInEndpoints } from './chatClient';
import { signatureOf, type Expectation, type FuzzCase, type Wire } from './fuzzCases';
import { FuzzSocket, type Answer } from './fuzzSocket';

export type FuzzStep = { kind: 'one'; case: FuzzCase } | { kind: 'flood'; cases: FuzzCase[] };

export interface Mismatch {
  lane: number;
  category: string;
  frame: string;
  expected: string;
  got: string;
}

/** What every lane adds to: counts, failures, and what was acked (to check against the tables). */
export interface FuzzLedger {
  /** category → frames sent */
  sent: Record<string, number>;
  /** answer signature → count */
  outcomes: Record<string, number>;
  mismatches: Mismatch[];
  /** messageId → every text a sendMessage acked with that id carried */
  acked: Map<string, Set<string>>;
  floods: number;
  reopened: number;
}

export function newLedger(): FuzzLedger {
  return { sent: {}, outcomes: {}, mismatches: [], acked: new Map(), floods: 0, reopened: 0 };
}

const ANSWER_TIMEOUT_MS = 60_000;

function describeWire(wire: Wire): string {
  const text =
    wire.kind === 'text'
      ? wire.text
      : wire.kind === 'fragments'
        ? `${wire.parts.length} fragments, ${wire.parts.join('').length} chars: ${wire.parts[0]}`
        : `${wire.binary ? 'binary' : 'text'} bytes ${wire.bytes.toString('hex')}`;
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text);
}

function outcomeOf(answer: Answer): string {
  if (answer.kind === 'close') return `close:${answer.code}`;
  if (answer.kind === 'invalid') return `invalid: ${answer.raw.slice(0, 200)} (${answer.why})`;
  return answer.frame.type === 'error' ? `error:${answer.frame.code}` : answer.frame.type;
}

/** The answer's signature as the expectation would name it (RATE_LIMITED counts as an ack). */
function comparable(answer: Answer): string {
  const outcome = outcomeOf(answer);
  return outcome === `error:${ErrorCode.RATE_LIMITED}` ? 'ack' : outcome;
}

export class FuzzLane {
  private socket: FuzzSocket | undefined;
  private readonly joined = new Set<string>();
  private opened = 0;
  /** Fan-out deliveries of every socket this lane has had. */
  public readonly delivered: FuzzSocket['delivered'][] = [];

  public constructor(
    private readonly endpoints: SignInEndpoints,
    private readonly lane: number,
    private readonly ledger: FuzzLedger,
  ) {}

  public async run(steps: FuzzStep[]): Promise<void> {
    for (const step of steps) {
      if (step.kind === 'one') await this.one(step.case);
      else await this.flood(step.cases);
    }
    // A last ping must be answered next: an extra answer to any frame before it would show here.
    await this.one({
      category: 'sentinel-ping',
      wire: { kind: 'text', text: '{"action":"ping","ts":42}' },
      expect: () => ({ kind: 'reply', type: 'pong' }),
      stateless: true,
    });
  }

  public async close(): Promise<void> {
    await this.socket?.close();
  }

  private async open(): Promise<FuzzSocket> {
    if (this.socket !== undefined && !this.socket.isClosed) return this.socket;
    if (this.socket !== undefined) this.ledger.reopened += 1;
    this.opened += 1;
    this.socket = await FuzzSocket.open(this.endpoints, `fuzz${this.lane}-${this.opened}`);
    this.delivered.push(this.socket.delivered);
    this.joined.clear();
    return this.socket;
  }

  private count(fuzzCase: FuzzCase, answer: Answer): void {
    this.ledger.sent[fuzzCase.category] = (this.ledger.sent[fuzzCase.category] ?? 0) + 1;
    const outcome = outcomeOf(answer);
    this.ledger.outcomes[outcome] = (this.ledger.outcomes[outcome] ?? 0) + 1;
  }

  private mismatch(fuzzCase: FuzzCase, expected: string, got: string): void {
    this.ledger.mismatches.push({
      lane: this.lane,
      category: fuzzCase.category,
      frame: describeWire(fuzzCase.wire),
      expected,
      got,
    });
  }

  /** Records what an ack acknowledged, so the tables and the deliveries can be checked against it. */
  private noteAck(sentWith: FuzzCase[], answer: Answer): void {
    if (answer.kind !== 'frame' || answer.frame.type !== 'ack') return;
    const { messageId, clientMsgId, roomId } = answer.frame;
    const texts = this.ledger.acked.get(messageId) ?? new Set<string>();
    for (const fuzzCase of sentWith) {
      const frame = sentFrame(fuzzCase.wire);
      if (frame?.['clientMsgId'] === clientMsgId && frame['roomId'] === roomId)
        texts.add(String(frame['text']));
    }
    this.ledger.acked.set(messageId, texts);
  }

  private async answerTo(socket: FuzzSocket, fuzzCase: FuzzCase): Promise<Answer> {
    try {
      return await socket.next(ANSWER_TIMEOUT_MS);
    } catch (error) {
      this.mismatch(fuzzCase, 'an answer', (error as Error).message);
      return { kind: 'close', code: -1 };
    }
  }

  private async one(fuzzCase: FuzzCase): Promise<void> {
    const socket = await this.open();
    const expected: Expectation = fuzzCase.expect(this.joined);
    socket.send(fuzzCase.wire);
    const answer = await this.answerTo(socket, fuzzCase);
    this.count(fuzzCase, answer);
    if (comparable(answer) !== signatureOf(expected)) {
      this.mismatch(fuzzCase, signatureOf(expected), outcomeOf(answer));
    }
    this.noteAck([fuzzCase], answer);
    if (answer.kind === 'frame' && answer.frame.type === 'presence') {
      if (fuzzCase.effect?.join !== undefined) this.joined.add(fuzzCase.effect.join);
      if (fuzzCase.effect?.leave !== undefined) this.joined.delete(fuzzCase.effect.leave);
    }
    if (answer.kind === 'close') await socket.close();
  }

  /** Many frames at once: the answers, as a multiset, must be the expected ones. */
  private async flood(cases: FuzzCase[]): Promise<void> {
    const socket = await this.open();
    this.ledger.floods += 1;
    const expected = cases.map((fuzzCase) => signatureOf(fuzzCase.expect(this.joined))).sort();
    for (const fuzzCase of cases) socket.send(fuzzCase.wire);
    const got: string[] = [];
    for (const fuzzCase of cases) {
      // Answers come in any order: counted under the flood, checked as a whole below.
      const answer = await this.answerTo(socket, fuzzCase);
      this.ledger.sent['flood'] = (this.ledger.sent['flood'] ?? 0) + 1;
      const outcome = outcomeOf(answer);
      this.ledger.outcomes[outcome] = (this.ledger.outcomes[outcome] ?? 0) + 1;
      got.push(comparable(answer));
      this.noteAck(cases, answer);
      if (answer.kind === 'close') break;
    }
    got.sort();
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      this.mismatch(
        { ...cases[0]!, category: 'flood' },
        `answers ${JSON.stringify(tally(expected))}`,
        `answers ${JSON.stringify(tally(got))}`,
      );
    }
  }
}

/** The JSON object a text wire carried, if it was one. */
function sentFrame(wire: Wire): Record<string, unknown> | undefined {
  if (wire.kind !== 'text') return undefined;
  try {
    const value: unknown = JSON.parse(wire.text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function tally(signatures: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const signature of signatures) counts[signature] = (counts[signature] ?? 0) + 1;
  return counts;
}
