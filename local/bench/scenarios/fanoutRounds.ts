// The two halves of the fanout scenario for one room size, on the same fleet:
// Chorus — member 0 sends each message through the public protocol; every member's copy is
//   stamped on receipt; timed from the send to the last member's copy;
// baseline — the same N sockets' worth of members on the plain `ws` broadcast server, which is
//   handed the very frame Chorus delivered (its tag swapped for one of the same length).
import type { CollectReport, SendReport } from '../fleet/protocol';
import type { ScenarioContext } from './context';

export interface RoundSamples {
  /** Send → last member's copy, ms, per timed round that reached everyone. */
  lastMs: number[];
  firstMs: number[];
  /** sendMessage → ack, ms (Chorus only). */
  ackMs: number[];
  errors: string[];
  /** Timed rounds, then warm-ups. */
  timed: CollectReport;
  warmup: CollectReport;
}

/** Wait bound for one message to reach all N members: generous, since on 2 cores it is all local. */
export function deliveryTimeoutMs(size: number): number {
  return 30_000 + 40 * size;
}

/** Late copies (redeliveries) would show up within this after the last round. */
export const SETTLE_MS = 1_500;

export function chatText(chars: number, label: string): string {
  const base = `${label} `;
  return (base + 'x'.repeat(Math.max(0, chars - base.length))).slice(0, chars);
}

/** The frame Chorus delivered, re-tagged: the tags have the same length, so the bytes count is equal. */
export function retag(frame: string, from: string, to: string): string {
  const quoted = `"${from}"`;
  if (!frame.includes(quoted)) throw new Error(`the captured frame does not carry the tag ${from}`);
  return frame.split(quoted).join(`"${to}"`);
}

function sample(
  into: Pick<RoundSamples, 'lastMs' | 'firstMs' | 'ackMs' | 'errors'>,
  report: SendReport,
  label: string,
  timed: boolean,
  timeoutMs: number,
): void {
  if (report.refused !== undefined) into.errors.push(`${label}: refused (${report.refused})`);
  else if (!report.complete)
    into.errors.push(`${label}: ${report.reached}/${report.members} members had it after ${timeoutMs} ms`);
  else if (timed) {
    into.lastMs.push(report.lastMs!);
    into.firstMs.push(report.firstMs!);
    if (report.ackMs !== undefined) into.ackMs.push(report.ackMs);
  }
}

async function collect(ctx: ScenarioContext, series: string): Promise<CollectReport> {
  return (await ctx.fleet()).run({ kind: 'collect', series });
}

export async function chorusRounds(
  ctx: ScenarioContext,
  room: {
    group: string;
    roomId: string;
    size: number;
    /** Series and tag letter of these rounds (default `fanout`, `f`): another scenario's differ. */
    series?: string;
    tagLetter?: string;
  },
): Promise<RoundSamples & { frame?: string; frameTag?: string; pingMs: number[] }> {
  const fleet = await ctx.fleet();
  const { options } = ctx;
  const timeoutMs = deliveryTimeoutMs(room.size);
  const pingMs =
    options.pings > 0
      ? (await fleet.run({ kind: 'ping', group: room.group, count: options.pings, timeoutMs: 30_000 })).rttMs
      : [];
  const samples = {
    lastMs: [] as number[],
    firstMs: [] as number[],
    ackMs: [] as number[],
    errors: [] as string[],
  };
  let frame: string | undefined;
  let frameTag: string | undefined;
  const series = `${room.series ?? 'fanout'}-${room.size}`;
  for (let i = 0; i < options.warmups + options.messages; i += 1) {
    const timed = i >= options.warmups;
    const label = timed ? `message ${i - options.warmups + 1}` : `warm-up ${i + 1}`;
    const tag = `${room.tagLetter ?? 'f'}${ctx.runId}n${room.size}m${String(i).padStart(4, '0')}`;
    const report = await fleet.run({
      kind: 'send',
      group: room.group,
      roomId: room.roomId,
      tag,
      text: chatText(options.textChars, `bench N=${room.size} ${label}`),
      series: timed ? series : `${series}-warmup`,
      timeoutMs,
    });
    sample(samples, report, label, timed, timeoutMs);
    if (frame === undefined && report.frame !== undefined) {
      frame = report.frame;
      frameTag = tag;
    }
  }
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const result = {
    ...samples,
    pingMs,
    timed: await collect(ctx, series),
    warmup: await collect(ctx, `${series}-warmup`),
  };
  return frame === undefined ? result : { ...result, frame, frameTag: frameTag! };
}

export async function baselineRounds(
  ctx: ScenarioContext,
  room: { group: string; size: number; frame: string; frameTag: string },
): Promise<RoundSamples> {
  const fleet = await ctx.fleet();
  const { options } = ctx;
  const timeoutMs = deliveryTimeoutMs(room.size);
  const samples = {
    lastMs: [] as number[],
    firstMs: [] as number[],
    ackMs: [] as number[],
    errors: [] as string[],
  };
  const series = `baseline-${room.size}`;
  for (let i = 0; i < options.warmups + options.messages; i += 1) {
    const timed = i >= options.warmups;
    const label = timed ? `broadcast ${i - options.warmups + 1}` : `warm-up ${i + 1}`;
    const tag = `b${ctx.runId}n${room.size}m${String(i).padStart(4, '0')}`;
    const report = await fleet.run({
      kind: 'broadcast',
      group: room.group,
      tag,
      frame: retag(room.frame, room.frameTag, tag),
      series: timed ? series : `${series}-warmup`,
      timeoutMs,
    });
    sample(samples, report, label, timed, timeoutMs);
  }
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  return { ...samples, timed: await collect(ctx, series), warmup: await collect(ctx, `${series}-warmup`) };
}
