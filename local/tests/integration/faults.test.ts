// Nothing is lost when the cloud misbehaves: the local cloud's fault switches (@connections 429s
// and 500s, worker crashes before and after the handler ran) against the whole pipeline, checked
// from the outside — real WebSocket clients, the real SQS client on the DLQ, and the cloud's log.
//
// The delivery queue's VisibilityTimeout is 200 s in serverless.yml (Lambda wants ≥ 6 × the
// function timeout), so a job held by a crashed worker would come back only after 200 s. This
// cloud starts with CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS so the same redelivery happens in
// seconds; nothing else about the path changes. 10 s stays well above what one delivery
// invocation takes here even on a loaded 2-core machine (≤ 3 s seen at load 11): an invocation
// slower than the timeout would be redelivered while running, i.e. a duplicate, not a loss.
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { writeFile } from 'node:fs/promises';
import type { MessageFrame } from '@chorus/protocol';
import { ChatClient } from './support/chatClient';
import { adminCall, queueDepth, waitUntil as waitUntilOn } from './support/cloudProbes';
import { startLocalCloud, type RunningCloud } from './support/localCloudProcess';

const VISIBILITY_TIMEOUT_SECONDS = 10;
const DELIVERY_WAIT_MS = 60_000;
/** Time given to a duplicate to show up before asserting there is none. */
const SETTLE_MS = 2000;

let cloud: RunningCloud;
let sqs: SQSClient;
const clients: ChatClient[] = [];

function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  return adminCall(cloud, method, path, body);
}

async function connectionIds(): Promise<string[]> {
  const { connections } = (await admin('GET', 'connections')) as {
    connections: Array<{ connectionId: string }>;
  };
  return connections.map((c) => c.connectionId);
}

async function members(prefix: string, count: number, roomId: string): Promise<ChatClient[]> {
  const joined = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const client = await ChatClient.connect(cloud.endpoints, `${prefix}${i}`);
      clients.push(client);
      await client.request({ action: 'joinRoom', roomId }, 'presence', (f) => f.roomId === roomId);
      return client;
    }),
  );
  return joined;
}

/** Sends `count` messages at once (no waiting between them) and resolves with their message ids. */
async function burst(sender: ChatClient, roomId: string, tag: string, count: number): Promise<string[]> {
  const clientMsgIds = Array.from({ length: count }, (_, i) => `${tag}-${i}`);
  for (const clientMsgId of clientMsgIds) {
    sender.send({ action: 'sendMessage', roomId, text: `${tag} ${clientMsgId}`, clientMsgId });
  }
  await sender.waitFor(`${count} acks`, (frames) =>
    clientMsgIds.every((id) => frames.some((f) => f.type === 'ack' && f.clientMsgId === id)),
  );
  return clientMsgIds.map((id) => sender.ofType('ack').find((ack) => ack.clientMsgId === id)!.messageId);
}

function copiesOf(client: ChatClient, messageId: string): MessageFrame[] {
  return client.ofType('message').filter((m) => m.messageId === messageId);
}

async function everyoneReceives(room: ChatClient[], messageIds: string[]): Promise<void> {
  await Promise.all(
    room.map((member) =>
      member.waitFor(
        `all ${messageIds.length} messages`,
        () => messageIds.every((id) => copiesOf(member, id).length > 0),
        DELIVERY_WAIT_MS,
      ),
    ),
  );
}

/** Messages in a queue (by logical id), visible, in flight or delayed, as SQS counts them. */
/** START lines of `fn` (a function key) that the runtime marked as injected crashes of `phase`. */
function crashesLogged(fn: string, phase: string): number {
  return cloud
    .output()
    .split('\n')
    .filter((line) => line.includes(`-${fn}] START`) && line.includes(`(injected crash ${phase})`)).length;
}

function waitUntil(description: string, check: () => Promise<boolean>, timeoutMs = DELIVERY_WAIT_MS) {
  return waitUntilOn(cloud, description, check, timeoutMs);
}

/** Every delivery job settled: nothing visible, in flight or delayed (re-enqueued) any more. */
async function deliveriesSettled(): Promise<void> {
  await waitUntil(
    'the delivery queue is empty',
    async () => (await queueDepth(cloud, sqs, 'DeliveryQueue')) === 0,
  );
}

beforeAll(async () => {
  cloud = await startLocalCloud({
    env: { CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS: String(VISIBILITY_TIMEOUT_SECONDS) },
  });
  sqs = new SQSClient({
    endpoint: cloud.endpoints.sqsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterEach(async () => {
  // Every test leaves the cloud healthy for the next one, whatever happened.
  await admin('DELETE', 'faults');
  await admin('DELETE', 'functions/faults');
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  sqs?.destroy();
  if (cloud === undefined) return;
  // CHORUS_IT_OUTPUT=<file> keeps the cloud's whole log (REPORT lines, crashes) for a post-mortem.
  const keep = process.env['CHORUS_IT_OUTPUT'];
  if (keep !== undefined && keep !== '') await writeFile(keep, cloud.output());
  expect(await cloud.stop()).toBe(0);
});

describe('fault injection on the local cloud', () => {
  it('delivers every message exactly once to every member while ~30% of PostToConnection calls answer 429', async () => {
    const room = await members('throttled', 20, 'throttled');
    await admin('POST', 'faults', { postToConnection: { status: 429, probability: 0.3 } });

    const messageIds = await burst(room[0]!, 'throttled', 'thr', 10);
    await everyoneReceives(room, messageIds);

    const { postToConnection } = (await admin('GET', 'faults')) as {
      postToConnection?: Array<{ fired: number }>;
    };
    const injected = postToConnection?.[0]?.fired ?? 0;
    expect(injected).toBeGreaterThan(0); // the fault did fire (≈ 30% of ≥ 200 posts)

    // The worker retries only the connections that failed, so nobody gets a message twice.
    await deliveriesSettled();
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    for (const member of room) {
      for (const id of messageIds) expect(copiesOf(member, id)).toHaveLength(1);
    }
    expect(await queueDepth(cloud, sqs, 'DeliveryDlq')).toBe(0);
  });

  it.each(['beforeHandler', 'afterHandler'] as const)(
    'delivers every message at least once when delivery workers crash %s (SQS redelivers after the visibility timeout)',
    async (phase) => {
      const roomId = `crash-${phase}`;
      // More members than one job (K = 50) holds: a smaller room is posted by the dispatcher itself
      // (dispatchInlineMax) and never reaches a delivery worker.
      const room = await members(phase, 60, roomId);
      const crashes = 3; // below the queue's maxReceiveCount (5), so no job may reach the DLQ
      const crashedBefore = crashesLogged('deliver', phase);
      await admin('POST', 'functions/deliver/crash', { next: crashes, phase });

      const messageIds = await burst(room[0]!, roomId, phase, 10);
      await everyoneReceives(room, messageIds);
      // After the handler, a crash comes after the posts: wait for the crashes and redeliveries.
      await waitUntil('every injected crash was used', async () => {
        const faults = (await admin('GET', 'functions/faults')) as { injected: Record<string, unknown> };
        return Object.keys(faults.injected).length === 0;
      });
      await deliveriesSettled();

      // The switch was used up by delivery invocations, which really lost their containers.
      expect(crashesLogged('deliver', phase) - crashedBefore).toBe(crashes);
      const copies = room.flatMap((member) => messageIds.map((id) => copiesOf(member, id).length));
      if (phase === 'afterHandler') {
        // The crashed workers had posted before dying; SQS redelivered their jobs, so their
        // recipients got those messages again: at-least-once, as designed (clients de-duplicate).
        expect(copies.some((n) => n > 1)).toBe(true);
      }
      expect(Math.min(...copies)).toBeGreaterThanOrEqual(1);
      expect(await queueDepth(cloud, sqs, 'DeliveryDlq')).toBe(0);
    },
  );

  it('delivers every message when the stream dispatcher crashes (the stream trigger retries the batch)', async () => {
    const room = await members('dispatch', 5, 'dispatch-crash');
    const crashedBefore = crashesLogged('dispatch', 'beforeHandler');
    await admin('POST', 'functions/dispatch/crash', { next: 2, phase: 'beforeHandler' });

    const messageIds = await burst(room[0]!, 'dispatch-crash', 'dsp', 5);
    await everyoneReceives(room, messageIds);
    expect(crashesLogged('dispatch', 'beforeHandler') - crashedBefore).toBe(2);
    expect(await queueDepth(cloud, sqs, 'DeliveryDlq')).toBe(0);
  });

  it('posts a small room from the dispatcher, and what keeps failing there reaches a worker as a retry job', async () => {
    const room = await members('inline', 3, 'inline');
    await deliveriesSettled(); // no earlier job may take a share of the bounded fault
    // Every in-process try of the dispatcher's first attempt fails (3 connections × 3 posts), so
    // each member can only get the message from the attempt-2 job on the delivery queue.
    await admin('POST', 'faults', { postToConnection: { status: 500, probability: 1, count: 9 } });

    const [messageId] = await burst(room[0]!, 'inline', 'inl', 1);
    await everyoneReceives(room, [messageId!]);
    await deliveriesSettled();
    await new Promise((r) => setTimeout(r, SETTLE_MS));

    for (const member of room) expect(copiesOf(member, messageId!)).toHaveLength(1);
    expect(await admin('GET', 'faults')).toEqual({});
    const logged = (fn: string, text: string) =>
      cloud
        .output()
        .split('\n')
        .filter((line) => line.includes(`-${fn}]`) && line.includes(messageId!) && line.includes(text));
    // The dispatcher posted the room itself (no job of attempt 1), then handed all three on.
    expect(logged('dispatch', '"inline":3')).toHaveLength(1);
    expect(logged('dispatch', 'Re-enqueued connections that still failed')).toHaveLength(1);
    expect(logged('deliver', '"attempt":2')).not.toHaveLength(0);
    expect(logged('deliver', '"attempt":1')).toHaveLength(0);
    expect(await queueDepth(cloud, sqs, 'DeliveryDlq')).toBe(0);
  });

  it('dead-letters a job whose posts keep failing with 500 past the max attempts, with the reason, and keeps the message in history', async () => {
    const before = new Set(await connectionIds());
    const [lonely] = await members('lonely', 1, 'lonely');
    const lonelyId = (await connectionIds()).find((id) => !before.has(id));
    // deliveryMaxAttempts (5, serverless.yml) × 3 in-process posts per attempt = 15 posts (the
    // first attempt is the dispatcher's, inline; the same budget); this suite overrides no stage
    // param, so the fault is bounded to exactly that many.
    const posts = 5 * 3;
    await deliveriesSettled(); // no earlier job may take a share of the bounded fault
    await admin('POST', 'faults', { postToConnection: { status: 500, probability: 1, count: posts } });

    const [messageId] = await burst(lonely!, 'lonely', 'dead', 1);
    const dead = await receiveFromDlq(45_000);
    try {
      expect(dead.MessageAttributes?.['reason']?.StringValue).toBe('MAX_ATTEMPTS_EXCEEDED');
      expect(dead.MessageAttributes?.['attempt']?.StringValue).toBe('6');
      const job = JSON.parse(dead.Body ?? '{}') as { messageId?: string; connectionIds?: string[] };
      expect(job.messageId).toBe(messageId);
      expect(job.connectionIds).toEqual([lonelyId]);
    } finally {
      await sqs.send(
        new DeleteMessageCommand({
          QueueUrl: cloud.endpoints.queues['DeliveryDlq'],
          ReceiptHandle: dead.ReceiptHandle,
        }),
      );
    }
    // Exactly the posts the worker's budget allows were refused: the fault is used up.
    expect(await admin('GET', 'faults')).toEqual({});
    expect(copiesOf(lonely!, messageId!)).toHaveLength(0);
    // Not lost: the message is in the room's history, and the job waits in the DLQ for a redrive.
    const page = await lonely!.request({ action: 'history', roomId: 'lonely' }, 'history');
    expect(page.messages.map((m) => m.messageId)).toContain(messageId);
    // With the fault gone, the same connection gets the next message.
    const [next] = await burst(lonely!, 'lonely', 'alive', 1);
    await everyoneReceives([lonely!], [next!]);
  });

  it('loses no send when sendMessage crashes after writing: the resend is acked with the same id and delivered once', async () => {
    const room = await members('acklost', 3, 'acklost');
    const sender = room[0]!;
    await admin('POST', 'functions/sendMessage/crash', { next: 1, phase: 'afterHandler' });
    const frame = {
      action: 'sendMessage',
      roomId: 'acklost',
      text: 'did it land?',
      clientMsgId: 'ack-lost-1',
    };

    const seen = sender.raw.length;
    sender.send(frame);
    await sender.waitFor('the error frame', () =>
      sender.raw.slice(seen).some((text) => text.includes('Internal server error')),
    );
    expect(sender.ofType('ack')).toHaveLength(0); // the ack died with the container
    const written = await sender.request({ action: 'history', roomId: 'acklost' }, 'history');
    expect(written.messages.map((m) => m.clientMsgId)).toEqual(['ack-lost-1']); // …after the write
    // The client's outbox resends with the same clientMsgId; the write was idempotent.
    const ack = await sender.request(frame, 'ack');
    await everyoneReceives(room, [ack.messageId]);
    await deliveriesSettled();
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    for (const member of room) {
      expect(member.ofType('message').filter((m) => m.clientMsgId === 'ack-lost-1')).toHaveLength(1);
    }
    const page = await sender.request({ action: 'history', roomId: 'acklost' }, 'history');
    expect(page.messages.filter((m) => m.clientMsgId === 'ack-lost-1').map((m) => m.messageId)).toEqual([
      ack.messageId,
    ]);
  });

  it('answers a crashing route handler with the Internal server error frame, logs it with its request id, and keeps the connection', async () => {
    const [ada] = await members('ada', 1, 'errors');
    await admin('POST', 'functions/ping/crash', { next: 1, phase: 'beforeHandler' });

    const seen = ada!.raw.length;
    ada!.send({ action: 'ping', ts: 1 });
    await ada!.waitFor('the error frame', () =>
      ada!.raw.slice(seen).some((t) => t.includes('Internal server error')),
    );
    const frame = JSON.parse(ada!.raw.slice(seen).find((t) => t.includes('Internal server error'))!) as {
      message: string;
      connectionId: string;
      requestId: string;
    };
    expect(frame).toEqual({
      message: 'Internal server error',
      connectionId: expect.any(String),
      requestId: expect.any(String),
    });

    // The gateway logs the failed integration under the frame's request id, with the Lambda
    // request id that the runtime's own ERROR line carries.
    const logged = cloud
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry['message'] === 'Integration failed' && entry['requestId'] === frame.requestId);
    expect(logged).toMatchObject({ level: 'ERROR', connectionId: frame.connectionId, routeKey: 'ping' });
    // The runtime's line and the gateway's reach us on separate pipes (stdout, stderr), so the
    // runtime's may arrive after the error frame has: wait for it rather than read once.
    const runtimeLine = `ERROR RequestId: ${String(logged?.['lambdaRequestId'])} Runtime.ExitError`;
    await waitUntil('the runtime logs the crash', async () => cloud.output().includes(runtimeLine), 10_000);
    expect(cloud.output()).toContain(runtimeLine);

    expect(ada!.isOpen).toBe(true);
    const pong = await ada!.request({ action: 'ping', ts: 2 }, 'pong');
    expect(pong.ts).toBe(2);
  });
});

/** Long-polls the DLQ until one message arrives (bounded). */
async function receiveFromDlq(timeoutMs: number): Promise<Message> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: cloud.endpoints.queues['DeliveryDlq'],
        MaxNumberOfMessages: 1,
        WaitTimeSeconds: Math.max(1, Math.min(5, Math.floor((deadline - Date.now()) / 1000))),
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages[0] !== undefined) return Messages[0];
  }
  throw new Error(`no message reached the DLQ within ${timeoutMs / 1000} s:\n${cloud.output().slice(-3000)}`);
}
