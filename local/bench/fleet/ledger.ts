// The client fleet's book of every message it sent: which members of which room should get it,
// and every copy each member got, timestamped by the member's message handler. Completion is
// signalled from the arrival itself (no polling). Pure apart from timers: times are passed in,
// all from the fleet's own `performance.now()`, the clock the sends were stamped with.
import type { DeliveryTally } from '../deliveries';
import { createLatencyHistogram, recordMs, type LatencyHistogram } from '../latency';

export interface Expectation {
  /** The scenario's series name: its tallies, histograms and timeline are kept apart. */
  series: string;
  /** The group of sockets (one room) that must each receive one copy. */
  group: string;
  members: number;
  /** When the frame left the fleet. */
  sentAt: number;
}

export interface RoundTimes {
  sentAt: number;
  ackAt?: number;
  firstAt?: number;
  lastAt?: number;
  /** Distinct members that hold a copy. */
  reached: number;
  members: number;
  refused?: string;
}

export interface SeriesSnapshot {
  tally: DeliveryTally;
  /** sent → each member's first copy. */
  latency: LatencyHistogram;
  /** sendMessage → ack (empty for the baseline, which has no acks). */
  ack: LatencyHistogram;
  /** First copies per bucket since the series' first send. */
  timeline: number[];
  bucketMs: number;
  /** The first few refusal reasons, verbatim. */
  refusals: string[];
  /** First send → the latest first copy, ms (0 before any copy). */
  spanMs: number;
}

interface TagState extends Expectation {
  copies: Uint16Array;
  reached: number;
  ackAt?: number;
  firstAt?: number;
  lastAt?: number;
  refused?: string;
  waiters: Array<() => void>;
}

interface SeriesState {
  origin: number;
  tags: TagState[];
  incomplete: number;
  waiters: Array<() => void>;
  latency: LatencyHistogram;
  ack: LatencyHistogram;
  timeline: number[];
  duplicates: number;
  strays: number;
  refusals: string[];
  lastAt?: number;
}

const MAX_REFUSALS_KEPT = 5;

export class DeliveryLedger {
  private readonly tags = new Map<string, TagState>();
  private readonly series = new Map<string, SeriesState>();
  /** Message frames whose clientMsgId the fleet never sent. */
  public unknownCopies = 0;

  public constructor(private readonly bucketMs = 1000) {}

  /** Registers a message before it is sent, so that no copy can arrive unannounced. */
  public expect(tag: string, expectation: Expectation): void {
    if (this.tags.has(tag)) throw new Error(`message tag ${tag} is already in the ledger`);
    if (!Number.isInteger(expectation.members) || expectation.members < 1)
      throw new RangeError(`a message needs at least one member (got ${expectation.members})`);
    const series = this.seriesState(expectation.series, expectation.sentAt);
    const state: TagState = {
      ...expectation,
      copies: new Uint16Array(expectation.members),
      reached: 0,
      waiters: [],
    };
    this.tags.set(tag, state);
    series.tags.push(state);
    series.incomplete += 1;
  }

  /** A member's message handler saw a copy of `tag` at `at`. */
  public arrive(tag: string, group: string, member: number, at: number): void {
    const state = this.tags.get(tag);
    if (state === undefined) {
      this.unknownCopies += 1;
      return;
    }
    const series = this.series.get(state.series)!;
    if (group !== state.group || member < 0 || member >= state.members) {
      series.strays += 1;
      return;
    }
    const before = state.copies[member]!;
    if (before < 0xffff) state.copies[member] = before + 1;
    if (before > 0) {
      series.duplicates += 1;
      return;
    }
    state.reached += 1;
    state.firstAt ??= at;
    state.lastAt = at;
    series.lastAt = Math.max(series.lastAt ?? at, at);
    recordMs(series.latency, at - state.sentAt);
    const bucket = Math.max(0, Math.floor((at - series.origin) / this.bucketMs));
    while (series.timeline.length <= bucket) series.timeline.push(0);
    series.timeline[bucket]! += 1;
    if (state.reached === state.members && state.refused === undefined) this.complete(state, series);
  }

  /** The sender's ack for `tag` arrived at `at` (later acks for the same tag are ignored). */
  public ack(tag: string, at: number): void {
    const state = this.tags.get(tag);
    if (state === undefined || state.ackAt !== undefined) return;
    state.ackAt = at;
    recordMs(this.series.get(state.series)!.ack, at - state.sentAt);
  }

  /** The server answered `tag` with an error frame: no copy is owed, and the refusal is a failure. */
  public refuse(tag: string, reason: string): void {
    const state = this.tags.get(tag);
    if (state === undefined || state.refused !== undefined) return;
    state.refused = reason;
    const series = this.series.get(state.series)!;
    if (series.refusals.length < MAX_REFUSALS_KEPT) series.refusals.push(reason);
    if (state.reached < state.members) this.complete(state, series);
  }

  /** Resolves true once every member holds a copy of `tag` (or it was refused), false after `timeoutMs`. */
  public whenComplete(tag: string, timeoutMs: number): Promise<boolean> {
    const state = this.tags.get(tag);
    if (state === undefined) return Promise.reject(new Error(`message tag ${tag} is not in the ledger`));
    if (state.reached === state.members || state.refused !== undefined) return Promise.resolve(true);
    return waitOn(state.waiters, timeoutMs);
  }

  /** Resolves true once every message of the series is complete, false after `timeoutMs`. */
  public whenSeriesComplete(name: string, timeoutMs: number): Promise<boolean> {
    const series = this.series.get(name);
    if (series === undefined || series.incomplete === 0) return Promise.resolve(true);
    return waitOn(series.waiters, timeoutMs);
  }

  public round(tag: string): RoundTimes | undefined {
    const s = this.tags.get(tag);
    if (s === undefined) return undefined;
    const times: RoundTimes = { sentAt: s.sentAt, reached: s.reached, members: s.members };
    if (s.ackAt !== undefined) times.ackAt = s.ackAt;
    if (s.firstAt !== undefined) times.firstAt = s.firstAt;
    if (s.lastAt !== undefined) times.lastAt = s.lastAt;
    if (s.refused !== undefined) times.refused = s.refused;
    return times;
  }

  /** Exactly-once counts, histograms and timeline of a series as they stand now. */
  public snapshot(name: string): SeriesSnapshot {
    const series = this.series.get(name) ?? this.seriesState(name, 0);
    const tally: DeliveryTally = {
      messages: 0,
      expected: 0,
      received: series.duplicates,
      missing: 0,
      duplicates: series.duplicates,
      strays: series.strays,
      refused: 0,
    };
    for (const state of series.tags) {
      tally.received += state.reached;
      if (state.refused !== undefined) {
        tally.refused += 1;
        continue;
      }
      tally.messages += 1;
      tally.expected += state.members;
      tally.missing += state.members - state.reached;
    }
    return {
      tally,
      latency: series.latency,
      ack: series.ack,
      timeline: [...series.timeline],
      bucketMs: this.bucketMs,
      refusals: [...series.refusals],
      spanMs: series.lastAt === undefined ? 0 : series.lastAt - series.origin,
    };
  }

  private seriesState(name: string, origin: number): SeriesState {
    let series = this.series.get(name);
    if (series === undefined) {
      series = {
        origin,
        tags: [],
        incomplete: 0,
        waiters: [],
        latency: createLatencyHistogram(),
        ack: createLatencyHistogram(),
        timeline: [],
        duplicates: 0,
        strays: 0,
        refusals: [],
      };
      this.series.set(name, series);
    }
    return series;
  }

  private complete(state: TagState, series: SeriesState): void {
    for (const wake of state.waiters.splice(0)) wake();
    series.incomplete -= 1;
    if (series.incomplete === 0) for (const wake of series.waiters.splice(0)) wake();
  }
}

/** Parks a resolver in `waiters`; whichever comes first, the wake-up (true) or the timeout (false). */
function waitOn(waiters: Array<() => void>, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      const index = waiters.indexOf(wake);
      if (index >= 0) waiters.splice(index, 1);
      resolve(false);
    }, timeoutMs);
    const wake = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    waiters.push(wake);
  });
}
