// The join and fanout scenarios share one sweep over --sizes, so a 10,000-member room is joined
// once, not once per scenario. Per size: connect N members, join them to a fresh room (join's
// result), run the Chorus rounds, close the room, then connect N members to the baseline server
// and broadcast the captured frame (fanout's result). The fleet never holds more than N + 1
// sockets, which is what the descriptor check sized it for.
import { utf8Length } from '@chorus/protocol';
import { errorLine, failureResult } from '../report/failure';
import type { ScenarioContext } from './context';
import { baselineRounds, chatText, chorusRounds } from './fanoutRounds';
import { fanoutResult, type FanoutMeasurement } from './fanoutResult';
import { joinResult, type JoinMeasurement } from './joinResult';
import { connectGroup, joinGroup, stepFailure } from './members';

export interface SweepResults {
  joins: JoinMeasurement[];
  fanouts: FanoutMeasurement[];
}

/** A frame shaped like Chorus's, for a baseline whose Chorus half delivered nothing to copy. */
function standInFrame(roomId: string, tag: string, sender: string, text: string): string {
  return JSON.stringify({
    type: 'message',
    roomId,
    messageId: '0'.repeat(26),
    clientMsgId: tag,
    sender,
    text,
    sentAt: new Date().toISOString(),
  });
}

async function closeGroup(ctx: ScenarioContext, group: string): Promise<void> {
  await (await ctx.fleet()).run({ kind: 'close', group });
}

async function sweepSize(ctx: ScenarioContext, size: number, results: SweepResults): Promise<void> {
  const { options } = ctx;
  const wantJoin = options.scenarios.includes('join');
  const wantFanout = options.scenarios.includes('fanout');
  const cloud = await ctx.cloud();
  const group = `chorus-${size}`;
  const roomId = `bench-${ctx.runId}-${size}`;
  const namePrefix = `b${ctx.runId}-${size}-`;
  const release = ctx.teardown.add(`fleet group ${group}`, () => closeGroup(ctx, group));
  let chorus: Awaited<ReturnType<typeof chorusRounds>> | undefined;
  try {
    const connect = await connectGroup(ctx, {
      group,
      url: cloud.endpoints.websocketUrl,
      signInUrl: cloud.endpoints.signIn,
      count: size,
      namePrefix,
      label: `connect N=${size.toLocaleString('en-US')}`,
    });
    const join = await joinGroup(ctx, {
      group,
      roomId,
      count: connect.done,
      label: `join N=${size.toLocaleString('en-US')}`,
    });
    const failures = [
      stepFailure(`N=${size} connect`, connect, size),
      stepFailure(`N=${size} join`, join, size),
    ].filter((f): f is string => f !== undefined);
    const measurement: JoinMeasurement = { size, connect, join, failures };
    results.joins.push(measurement);
    if (wantJoin) ctx.report(joinResult(measurement));
    else if (failures.length > 0) ctx.report(failureResult('fanout', `N=${size}`, failures));
    if (!wantFanout || failures.length > 0) return;
    chorus = await chorusRounds(ctx, { group, roomId, size });
  } finally {
    await closeGroup(ctx, group);
    release();
  }
  if (chorus === undefined) return;

  const baselineGroup = `baseline-${size}`;
  const releaseBaseline = ctx.teardown.add(`fleet group ${baselineGroup}`, () =>
    closeGroup(ctx, baselineGroup),
  );
  try {
    const server = await ctx.baseline();
    const connect = await connectGroup(ctx, {
      group: baselineGroup,
      url: server.url,
      count: size,
      namePrefix,
      control: true,
      label: `baseline connect N=${size.toLocaleString('en-US')}`,
    });
    const failure = stepFailure(`N=${size} baseline connect`, connect, size);
    if (failure !== undefined) throw new Error(failure);
    const frameTag = chorus.frameTag ?? `f${ctx.runId}n${size}m0000`;
    const frame =
      chorus.frame ??
      standInFrame(
        roomId,
        frameTag,
        `${namePrefix}0`,
        chatText(options.textChars, `bench N=${size} message`),
      );
    const baseline = await baselineRounds(ctx, { group: baselineGroup, size, frame, frameTag });
    const measurement: FanoutMeasurement = {
      size,
      pingMs: chorus.pingMs,
      chorus,
      baseline,
      frameBytes: utf8Length(frame),
    };
    results.fanouts.push(measurement);
    ctx.report(fanoutResult(measurement));
  } finally {
    await closeGroup(ctx, baselineGroup);
    releaseBaseline();
  }
}

/** Runs the sweep once per bench run, whichever of join and fanout asks first. */
export function roomSweep(ctx: ScenarioContext): Promise<SweepResults> {
  return ctx.memo('room-sweep', async () => {
    const results: SweepResults = { joins: [], fanouts: [] };
    for (const size of ctx.options.sizes) {
      try {
        await sweepSize(ctx, size, results);
      } catch (error) {
        // One room size crashing (a fleet or cloud error) is a failure; the other sizes still run.
        const scenario = ctx.options.scenarios.includes('fanout') ? 'fanout' : 'join';
        ctx.report(failureResult(scenario, `N=${size}`, [`N=${size} crashed: ${errorLine(error)}`]));
      }
    }
    return results;
  });
}
