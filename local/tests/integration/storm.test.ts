// The reconnect storm: 2,000 signed-in clients in 20 rooms are all dropped at once (the gateway's
// `drop-all`, like a network failure), while one sender per room keeps sending (every 10 s). Each client
// reconnects as the webapp does (full-jitter backoff, same token), re-joins and catches up with
// `history {after}`. The per-second histogram of reconnects is printed with its peak; what is
// asserted is the outcome only: every client back, every acked message of its room shown exactly
// once, nothing shown that was not acked, catch-up pages in order.
//
// The clients live in a child process (support/storm/stormFleet.ts). Smaller runs:
// STORM_CLIENTS=200 STORM_ROOMS=4 npx jest -c local/jest.integration.config.cjs --runInBand storm
import { planFdLimit, readFdLimits } from '../../bench/fdLimit';
import { REPO_ROOT, startLocalCloud, type RunningCloud } from './support/localCloudProcess';
import { StormFleet } from './support/storm/stormFleetHandle';
import type { RecoveryReport } from './support/storm/stormProtocol';

jest.setTimeout(900_000);

const CLIENTS = Number(process.env['STORM_CLIENTS'] ?? 2000);
const ROOMS = Number(process.env['STORM_ROOMS'] ?? 20);
// One message per room every 10 s: each fans out to 100 members, so 2 messages/s already make 200
// posts/s through the delivery workers beside the herd of handshakes on two shared cores.
const SEND_INTERVAL_MS = 10_000;
const WAIT_MS = 600_000;

let cloud: RunningCloud;
let fleet: StormFleet | undefined;

function histogram(report: RecoveryReport): string {
  const rows = report.attemptsPerSecond.map(
    (attempts, second) =>
      `  ${String(second).padStart(4)}  ${String(attempts).padStart(8)}  ${String(report.opensPerSecond[second] ?? 0).padStart(6)}` +
      `  ${String(report.readyPerSecond[second] ?? 0).padStart(6)}`,
  );
  return ['  second  attempts   opens  caught up', ...rows].join('\n');
}

beforeAll(async () => {
  // One descriptor per socket in the fleet and again in the gateway (bench/fdLimit.ts).
  const fd = planFdLimit(readFdLimits(), CLIENTS);
  if (fd.action !== 'ok') {
    throw new Error(
      fd.action === 'fail'
        ? fd.message
        : `the storm needs ${fd.to} open files per process; run it under \`ulimit -n ${fd.to}\``,
    );
  }
  // A delivery job a worker gave up on at its deadline comes back after the queue's visibility
  // timeout (200 s as deployed); a short one makes the storm's redeliveries come within the wait.
  cloud = await startLocalCloud({ env: { CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS: '20' } });
  fleet = await StormFleet.start(REPO_ROOT);
});

afterAll(async () => {
  await fleet?.run({ kind: 'close' }).catch(() => undefined);
  await fleet?.stop();
  if (cloud !== undefined) expect(await cloud.stop()).toBe(0);
});

describe('reconnect storm', () => {
  it(`brings ${CLIENTS} dropped clients back, spread by their jitter, with nothing missed`, async () => {
    const built = await fleet!.run({
      kind: 'setup',
      websocketUrl: cloud.endpoints.websocketUrl,
      signInUrl: cloud.endpoints.signIn,
      clients: CLIENTS,
      rooms: ROOMS,
      concurrency: 32,
      sendIntervalMs: SEND_INTERVAL_MS,
    });
    console.log(
      `storm: ${built.clients} clients signed in and joined ${ROOMS} rooms in ${built.seconds.toFixed(1)} s`,
    );
    expect(built).toMatchObject({ clients: CLIENTS, failed: 0 });

    // Every client holds messages before the drop, so each has a catch-up cursor.
    await fleet!.run({ kind: 'start-sending', warmup: 2, timeoutMs: WAIT_MS });

    const response = await fetch(`${cloud.endpoints.adminUrl}/drop-all?wait=false`, {
      method: 'POST',
      headers: { 'x-chorus-admin-secret': cloud.endpoints.adminSecret },
    });
    const { dropped } = (await response.json()) as { dropped: number };

    const recovery = await fleet!.run({ kind: 'await-recovery', timeoutMs: WAIT_MS });
    const stopped = await fleet!.run({ kind: 'stop-sending', timeoutMs: WAIT_MS });
    const verified = await fleet!.run({ kind: 'verify', timeoutMs: 300_000 });

    const peak = Math.max(...recovery.opensPerSecond);
    const peakAttempts = Math.max(...recovery.attemptsPerSecond);
    console.log(
      [
        `storm: dropped ${dropped} sockets at once; ${recovery.recovered}/${recovery.clients} clients back in ` +
          `${recovery.attemptsPerSecond.length} s`,
        `peak reconnects: ${peak}/s opened (${peakAttempts}/s attempted); ${recovery.failedAttempts} failed attempts ` +
          `${JSON.stringify(recovery.failureReasons)}; highest backoff attempt ${recovery.maxAttempt}`,
        histogram(recovery),
        `messages: ${stopped.acked} acked in ${stopped.rooms} rooms, ${recovery.ackedDuringStorm} of them during the storm`,
        `catch-up: ${verified.fromHistory} messages from history, ${verified.liveCopies} live copies ` +
          `(${verified.liveDuplicates} duplicates, shown once); missing ${verified.missing}, extra ${verified.extra}`,
      ].join('\n'),
    );

    expect(dropped).toBe(CLIENTS);
    expect(recovery.stuck).toEqual([]);
    expect(recovery.recovered).toBe(CLIENTS);
    expect(recovery.ackedDuringStorm).toBeGreaterThan(0);
    expect(verified.samples).toEqual([]);
    expect(verified.historyProblems).toEqual([]);
    expect({ missing: verified.missing, extra: verified.extra }).toEqual({ missing: 0, extra: 0 });
  });
});
