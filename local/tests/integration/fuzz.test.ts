// Hostile input against the local cloud over real sockets: at least 10,000 generated frames
// (malformed JSON, wrong types, missing and unknown keys, unknown actions, unicode edge cases in
// ids and texts, frames at and over the 32 KB limit, fragmented messages over 32 KB and 128 KB,
// binary and non-UTF-8 frames, floods from one socket). Each is answered or refused exactly as
// docs/protocol.md says, no handler crashes, both tables hold only well-formed items (and exactly
// the acknowledged messages), and chat still works afterwards.
//
// Reproduce a run: FUZZ_SEED=<the printed seed> npx jest -c local/jest.integration.config.cjs fuzz
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { ChatClient } from './support/chatClient';
import { keepOpenCase, limitCase, type FuzzCase } from './support/fuzzCases';
import { FuzzLane, newLedger, type FuzzStep } from './support/fuzzLane';
import { itemProblems, kindCounts, scanAll } from './support/itemShapes';
import { startLocalCloud, type RunningCloud } from './support/localCloudProcess';

jest.setTimeout(600_000);

const SEED = Number(process.env['FUZZ_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
// Four sockets answered one frame at a time keep every function's containers busy without
// queueing work past the gateway's 29 s integration timeout on two shared cores; the floods add
// bursts of 150 frames on one socket at once.
const LANES = 4;
const SERIAL_FRAMES = 8_800;
const LIMIT_FRAMES = 120;
const FLOODS = 8;
const FLOOD_SIZE = 150;

/** Lines a crashed or failed invocation leaves in the cloud's output. */
const CRASH_SIGNS = [
  /"level":"(ERROR|CRITICAL)"/,
  /Integration failed/,
  /Runtime\.[A-Za-z]+/,
  /INTERNAL_ERROR/,
  /Internal server error/,
  /Unhandled|uncaught/i,
  /Task timed out/,
];

let cloud: RunningCloud;
let dynamo: DynamoDBClient;
const ledger = newLedger();
const lanes: FuzzLane[] = [];
/** Tests that got to their end; the cloud's log is kept for a post-mortem unless all did. */
let passed = 0;
const TESTS = 5;

/** The whole run, drawn from the seed: serial cases with limit cases and floods mixed in. */
function plan(): FuzzStep[][] {
  const serial = fc.sample(keepOpenCase, { seed: SEED, numRuns: SERIAL_FRAMES });
  const limits = fc.sample(limitCase, { seed: SEED + 1, numRuns: LIMIT_FRAMES });
  const floodable = fc.sample(
    keepOpenCase.filter((c) => c.stateless),
    { seed: SEED + 2, numRuns: FLOODS * FLOOD_SIZE },
  );
  const positions = fc.sample(fc.nat({ max: 10_000 }), { seed: SEED + 3, numRuns: LIMIT_FRAMES + FLOODS });
  const steps: FuzzStep[][] = Array.from({ length: LANES }, () => []);
  serial.forEach((fuzzCase, index) => steps[index % LANES]!.push({ kind: 'one', case: fuzzCase }));
  const insert = (step: FuzzStep, index: number): void => {
    const lane = steps[index % LANES]!;
    lane.splice(positions[index]! % (lane.length + 1), 0, step);
  };
  limits.forEach((fuzzCase, index) => insert({ kind: 'one', case: fuzzCase }, index));
  for (let flood = 0; flood < FLOODS; flood += 1) {
    const cases: FuzzCase[] = floodable.slice(flood * FLOOD_SIZE, (flood + 1) * FLOOD_SIZE);
    insert({ kind: 'flood', cases }, LIMIT_FRAMES + flood);
  }
  return steps;
}

function printTable(title: string, counts: Record<string, number>): string {
  const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(...rows.map(([key]) => key.length));
  return [title, ...rows.map(([key, n]) => `  ${key.padEnd(width)}  ${n.toLocaleString('en-US')}`)].join(
    '\n',
  );
}

beforeAll(async () => {
  cloud = await startLocalCloud();
  dynamo = new DynamoDBClient({
    endpoint: cloud.endpoints.dynamodbEndpoint,
    region: cloud.endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  await Promise.all(lanes.map((lane) => lane.close()));
  if (cloud !== undefined && passed < TESTS) {
    // The whole log of the run, for a failure's post-mortem (the test output shows only counts).
    const logFile = join(tmpdir(), `chorus-fuzz-${SEED}.log`);
    await writeFile(logFile, cloud.output());
    console.log(`local cloud output: ${logFile}`);
  }
  dynamo?.destroy();
  if (cloud !== undefined) expect(await cloud.stop()).toBe(0);
});

describe('fuzzing the local cloud', () => {
  it('answers or refuses every generated frame exactly as the protocol says', async () => {
    console.log(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED})`);
    const started = Date.now();
    const steps = plan();
    lanes.push(...steps.map((_, index) => new FuzzLane(cloud.endpoints, index, ledger)));
    // allSettled: one lane failing must not leave the others sending while the cloud stops.
    const runs = await Promise.allSettled(lanes.map((lane, index) => lane.run(steps[index]!)));
    const failed = runs.flatMap((run) => (run.status === 'rejected' ? [String(run.reason)] : []));

    const total = Object.values(ledger.sent).reduce((sum, n) => sum + n, 0);
    console.log(
      [
        `fuzz: ${total.toLocaleString('en-US')} frames in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
          `over ${LANES} sockets (${ledger.floods} floods of ${FLOOD_SIZE}, ${ledger.reopened} sockets reopened ` +
          `after a close), seed ${SEED}`,
        printTable('frames per category', ledger.sent),
        printTable('answers', ledger.outcomes),
        `messages acked: ${ledger.acked.size}`,
      ].join('\n'),
    );
    expect(failed).toEqual([]);
    expect(ledger.mismatches.slice(0, 20)).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(10_000);
    passed += 1;
  });

  it('crashed no handler and failed no invocation', () => {
    const lines = cloud.output().split('\n');
    const crashes = lines.filter((line) => CRASH_SIGNS.some((sign) => sign.test(line)));
    expect(crashes.slice(0, 20)).toEqual([]);
    passed += 1;
  });

  it('leaves only well-formed items, and exactly the acknowledged messages, in both tables', async () => {
    const connections = await scanAll(dynamo, cloud.endpoints.tables['ConnectionsTable']!);
    const messages = await scanAll(dynamo, cloud.endpoints.tables['MessagesTable']!);
    console.log(
      [
        printTable('connections table', kindCounts('connections', connections)),
        printTable('messages table', kindCounts('messages', messages)),
      ].join('\n'),
    );
    const problems = [
      ...connections.flatMap((item) => itemProblems('connections', item)),
      ...messages.flatMap((item) => itemProblems('messages', item)),
    ];
    expect(problems.slice(0, 20)).toEqual([]);

    const stored = messages.filter((item) => item['kind']?.S === 'message');
    const storedIds = stored.map((item) => item['messageId']!.S!).sort();
    expect(storedIds).toEqual([...ledger.acked.keys()].sort());
    const wrongText = stored.filter(
      (item) => !ledger.acked.get(item['messageId']!.S!)?.has(item['text']!.S!),
    );
    expect(wrongText.map((item) => item['messageId']!.S)).toEqual([]);
    const dedupTargets = messages
      .filter((item) => item['kind']?.S === 'dedup')
      .map((item) => item['messageId']!.S!);
    expect(dedupTargets.filter((id) => !ledger.acked.has(id))).toEqual([]);
    passed += 1;
  });

  it('delivered only acknowledged messages, each with the text that was sent', () => {
    const delivered = lanes.flatMap((lane) => lane.delivered.flat());
    const ghosts = delivered.filter((frame) => !ledger.acked.get(frame.messageId)?.has(frame.text));
    console.log(`fan-out copies received by the fuzz sockets: ${delivered.length}`);
    expect(ghosts.slice(0, 10)).toEqual([]);
    passed += 1;
  });

  it('still carries chat between a fresh pair of signed-in clients', async () => {
    const ada = await ChatClient.connect(cloud.endpoints, 'ada');
    const bob = await ChatClient.connect(cloud.endpoints, 'bob');
    try {
      for (const client of [ada, bob]) {
        await client.request({ action: 'joinRoom', roomId: 'after-fuzz' }, 'presence');
      }
      const ack = await ada.request(
        { action: 'sendMessage', roomId: 'after-fuzz', text: 'still here', clientMsgId: 'after-1' },
        'ack',
      );
      await bob.waitFor(
        'the message',
        () => bob.ofType('message').some((m) => m.messageId === ack.messageId),
        30_000,
      );
      expect(bob.ofType('message').find((m) => m.messageId === ack.messageId)).toMatchObject({
        sender: 'ada',
        text: 'still here',
      });
    } finally {
      await Promise.all([ada.close(), bob.close()]);
    }
    passed += 1;
  });
});
