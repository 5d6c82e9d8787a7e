// synthetic: --synthetic-size phantom connection rows (no sockets) seeded into one room, one real
// sender, and one message fanned out to all of them through the real pipeline. The first round
// runs unthrottled to measure what this machine sustains (skipped when --synthetic-rate is given);
// the second under the gateway's account throttle R/B. Rows and phantoms are removed afterwards.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { LOCAL_SQS_CONCURRENCY_CAP } from '../../src/cloud/containers';
import { ChatClient } from '../../tests/integration/support/chatClient';
import { planFanOut, type FanOutPlan } from '../capacity';
import { readPlanDefaults } from '../plan/defaults';
import { LocalAdmin } from '../synthetic/admin';
import { removePhantomRoom, seedPhantomRoom, type PhantomRoom } from '../synthetic/phantomRoom';
import { runRound, type RoundOutcome } from '../synthetic/round';
import type { Scenario, ScenarioContext } from './context';
import { syntheticResult } from './syntheticResult';

/** The unthrottled round's post rate this share of becomes R (headroom for T0 and noise). */
export const AUTO_RATE_SHARE = 0.8;
/** A round gives up when no phantom was reached for this long (requeued jobs wait seconds). */
const STALL_MS = 90_000;
/** A bucket that never runs dry: the unthrottled round keeps only the latency. */
const UNLIMITED = 10_000_000;

/** ROOM_SHARDS of the stage, from services/connections/serverless.yml (what the local cloud runs). */
function stageRoomShards(repoRoot: string): number {
  const file = join(repoRoot, 'services', 'connections', 'serverless.yml');
  const doc = parse(readFileSync(file, 'utf8'), { logLevel: 'error' }) as {
    params?: { default?: { roomShards?: unknown } };
  };
  const shards = Number(doc.params?.default?.roomShards);
  if (!Number.isInteger(shards) || shards < 1)
    throw new Error(`${file}: params.default.roomShards is no count`);
  return shards;
}

/** R from the unthrottled rate: 80 % of it, to two significant digits. */
export function autoRate(sustained: number): number {
  const target = sustained * AUTO_RATE_SHARE;
  const step = 10 ** Math.max(0, Math.floor(Math.log10(target)) - 1);
  return Math.max(1, Math.floor(target / step) * step);
}

/** Posts/s between the first and the last post of a round that reached every phantom. */
function sustainedRate(round: RoundOutcome, size: number): number {
  const { firstPostAt, completedAt } = round.stats;
  if (firstPostAt === undefined || completedAt === undefined || completedAt <= firstPostAt)
    throw new Error('the unthrottled round did not reach every phantom: no rate to derive R from');
  return ((size - 1) * 1000) / (completedAt - firstPostAt);
}

function predict(ctx: ScenarioContext, rate: number, t0Seconds: number, retryShare: number): FanOutPlan {
  const o = ctx.options.synthetic;
  const defaults = readPlanDefaults(ctx.repoRoot);
  // The local cloud pre-starts its containers and holds at most LOCAL_SQS_CONCURRENCY_CAP: no ramp.
  const workers = Math.min(defaults.maxConcurrency, LOCAL_SQS_CONCURRENCY_CAP);
  return planFanOut({
    ...defaults,
    recipients: o.size,
    perCallLatencySeconds: o.latencyMs / 1000,
    ratePerSecond: rate,
    burst: o.burst,
    maxConcurrency: workers,
    initialConcurrency: workers,
    retryShare,
    t0Seconds,
  });
}

async function runSynthetic(ctx: ScenarioContext): Promise<void> {
  const o = ctx.options.synthetic;
  const { endpoints } = await ctx.cloud();
  const admin = new LocalAdmin(endpoints);
  const dynamo = new DynamoDBClient({
    endpoint: endpoints.dynamodbEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const room: PhantomRoom = {
    dynamo,
    tableName: endpoints.tables['ConnectionsTable']!,
    roomId: `bench-${ctx.runId}-synthetic`,
    prefix: `ph${ctx.runId}-`,
    count: o.size,
    shards: stageRoomShards(ctx.repoRoot),
  };
  const sender = await ChatClient.connect(endpoints, `synthetic-${ctx.runId}`);
  let seeded = false;
  const cleanUp = async (): Promise<void> => {
    await sender.close();
    await admin.clearThrottle();
    if (seeded) await removePhantomRoom(room);
    await admin.clearPhantoms();
    dynamo.destroy();
  };
  const release = ctx.teardown.add('synthetic room', cleanUp);
  try {
    await sender.request(
      { action: 'joinRoom', roomId: room.roomId },
      'presence',
      (f) => f.roomId === room.roomId,
    );
    await admin.registerPhantoms(room.prefix, o.size);
    const seedBar = ctx.terminal.step('synthetic seed', 'rows', o.size);
    const seedStart = performance.now();
    seeded = true;
    await seedPhantomRoom({ ...room, onProgress: (done) => seedBar.update(done, 0, o.size) });
    seedBar.finish();
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const round = async (name: string, tag: string): Promise<RoundOutcome> => {
      const bar = ctx.terminal.step(`synthetic ${name}`, 'phantoms', o.size);
      try {
        return await runRound({
          admin,
          sender,
          roomId: room.roomId,
          tag,
          text: `synthetic ${name} ${ctx.runId}`,
          count: o.size,
          stallMs: STALL_MS,
          onProgress: (posted) => bar.update(posted, 0, o.size),
        });
      } finally {
        bar.finish();
      }
    };
    let calibration: RoundOutcome | undefined;
    let sustained: number | undefined;
    let rate: number;
    if (o.rate === 'auto') {
      await admin.setThrottle({ rate: UNLIMITED, burst: UNLIMITED, latencyMs: o.latencyMs });
      calibration = await round('unthrottled round', `syn-${ctx.runId}-cal`);
      sustained = sustainedRate(calibration, o.size);
      rate = autoRate(sustained);
    } else {
      rate = o.rate;
    }
    await admin.setThrottle({ rate, burst: o.burst, latencyMs: o.latencyMs });
    const throttled = await round(`throttled round (R ${rate}/s, B ${o.burst})`, `syn-${ctx.runId}-thr`);
    // T0 as this machine has it: ack → first post of the round that measured it.
    const t0Round = calibration ?? throttled;
    const t0Seconds = Math.max(0, ((t0Round.stats.firstPostAt ?? t0Round.ackAt) - t0Round.ackAt) / 1000);
    const plan = predict(ctx, rate, t0Seconds, throttled.throttle.throttled / o.size);
    ctx.report(
      syntheticResult({
        size: o.size,
        rate,
        ...(sustained === undefined ? {} : { sustainedRate: sustained }),
        burst: o.burst,
        latencyMs: o.latencyMs,
        seedSeconds,
        ...(calibration === undefined ? {} : { calibration }),
        throttled,
        plan,
      }),
    );
  } finally {
    release();
    await cleanUp();
  }
}

export const syntheticScenario: Scenario = {
  name: 'synthetic',
  summary: 'one message to N phantom connections under the emulated account throttle, against (N − B)/R',
  run: runSynthetic,
};
