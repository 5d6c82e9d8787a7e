// sustained: --sustained-rooms rooms of --sustained-members members, --sustained-senders
// senders each, --sustained-rate messages/s offered for --sustained-seconds (open loop), then
// every copy accounted for.
import { sustainedRoomSize } from '../args';
import { stepFailure, connectGroup, joinGroup } from './members';
import type { Scenario, ScenarioContext } from './context';
import { SETTLE_MS } from './fanoutRounds';
import { sustainedResult } from './sustainedResult';
import type { StepReport } from '../fleet/protocol';

/** Several groups' connect or join steps as one step (one progress bar, summed counts). */
function merge(reports: readonly StepReport[]): StepReport {
  let offset = 0;
  const merged: StepReport = { done: 0, failed: 0, aborted: false, seconds: 0, errors: [], curve: [] };
  for (const r of reports) {
    merged.curve.push(...r.curve.map(([t, done]): [number, number] => [offset + t, merged.done + done]));
    merged.done += r.done;
    merged.failed += r.failed;
    merged.aborted ||= r.aborted;
    merged.seconds += r.seconds;
    merged.errors.push(...r.errors.slice(0, 5 - merged.errors.length));
    offset += r.seconds;
  }
  return merged;
}

async function runSustained(ctx: ScenarioContext): Promise<void> {
  const s = ctx.options.sustained;
  const cloud = await ctx.cloud();
  const fleet = await ctx.fleet();
  const rooms = Array.from({ length: s.rooms }, (_, i) => ({
    group: `sustained-${i}`,
    roomId: `bench-${ctx.runId}-s${i}`,
    size: sustainedRoomSize(s, i),
  }));
  const release = ctx.teardown.add('sustained groups', async () => {
    for (const room of rooms) await fleet.run({ kind: 'close', group: room.group });
  });
  try {
    const connects: StepReport[] = [];
    for (const [i, room] of rooms.entries()) {
      connects.push(
        await connectGroup(ctx, {
          group: room.group,
          url: cloud.endpoints.websocketUrl,
          signInUrl: cloud.endpoints.signIn,
          count: room.size,
          namePrefix: `s${ctx.runId}-${i}-`,
          label: `sustained connect room ${i + 1}/${s.rooms}`,
        }),
      );
    }
    const joins: StepReport[] = [];
    for (const [i, room] of rooms.entries()) {
      joins.push(
        await joinGroup(ctx, {
          group: room.group,
          roomId: room.roomId,
          count: room.size,
          label: `sustained join room ${i + 1}/${s.rooms}`,
        }),
      );
    }
    const connect = merge(connects);
    const join = merge(joins);
    const members = rooms.reduce((sum, r) => sum + r.size, 0);
    const failures = [
      stepFailure('sustained connect', connect, members),
      stepFailure('sustained join', join, members),
    ].filter((f): f is string => f !== undefined);
    const series = 'sustained';
    const bar = ctx.terminal.step(
      `sustained ${s.rate} msg/s for ${s.seconds} s, then drain`,
      'messages',
      s.rate * s.seconds,
    );
    let load;
    try {
      load = await fleet.run(
        {
          kind: 'sustain',
          rooms: rooms.map((r) => ({ group: r.group, roomId: r.roomId, senders: s.senders })),
          rate: s.rate,
          seconds: s.seconds,
          textChars: ctx.options.textChars,
          tagPrefix: `s${ctx.runId}k`,
          series,
          drainTimeoutMs: s.drainSeconds * 1000,
        },
        bar.update,
      );
    } finally {
      bar.finish();
    }
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const collected = await fleet.run({ kind: 'collect', series });
    if (collected.unknownCopies > 0)
      failures.push(`${collected.unknownCopies} chat copies carried a tag the bench never sent`);
    if (collected.unexpectedCloses > 0)
      failures.push(`${collected.unexpectedCloses} sockets were closed by the server during the run`);
    ctx.report(
      sustainedResult({
        settings: s,
        roomSizes: rooms.map((r) => r.size),
        connect,
        join,
        load,
        collected,
        failures,
      }),
    );
  } finally {
    for (const room of rooms) await fleet.run({ kind: 'close', group: room.group });
    release();
  }
}

export const sustainedScenario: Scenario = {
  name: 'sustained',
  summary: 'many rooms under an open-loop message rate: deliveries/s and p50/p95/p99 per copy',
  run: runSustained,
};
