// The storm's client fleet: a process of its own (forked by the storm test) that holds every
// client socket, so 2,000 sockets and their frames never share the jest process's event loop.
// Driven over IPC (see stormProtocol.ts); exits when the channel closes.
import { runStep } from '../../../../bench/fleet/step';
import { StormClient, type StormObserver } from './stormClient';
import type {
  RecoveryReport,
  SetupCommand,
  StormCommand,
  StormEvent,
  StormRequest,
  VerifyReport,
} from './stormProtocol';

interface Sender {
  client: StormClient;
  sent: number;
  busy: boolean;
}

const clients: StormClient[] = [];
const senders: Sender[] = [];
/** roomId → messageId → text, of every message a sender got an ack for. */
const acked = new Map<string, Map<string, string>>();
let sending = false;
let sendIntervalMs = 1000;
let firstDropAt: number | undefined;
let lastReadyAt = 0;
const perSecond = { attempts: [] as number[], opens: [] as number[], ready: [] as number[] };
const failureReasons: Record<string, number> = {};
let failedAttempts = 0;
let ackedDuringStorm = 0;

const emit = (event: StormEvent): void => void process.send?.(event);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Counts an event in its second since the first drop (nothing is counted before the storm). */
function bucket(series: number[]): void {
  if (firstDropAt === undefined) return;
  const second = Math.floor((performance.now() - firstDropAt) / 1000);
  while (series.length <= second) series.push(0);
  series[second]! += 1;
}

const observer: StormObserver = {
  attempt: () => bucket(perSecond.attempts),
  opened: () => bucket(perSecond.opens),
  ready: () => {
    bucket(perSecond.ready);
    lastReadyAt = performance.now();
  },
  dropped: () => (firstDropAt ??= performance.now()),
  failed: (reason) => {
    if (firstDropAt === undefined) return;
    failedAttempts += 1;
    failureReasons[reason] = (failureReasons[reason] ?? 0) + 1;
  },
};

async function signIn(signInUrl: string, name: string): Promise<string> {
  const response = await fetch(signInUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  const body = (await response.json()) as { token?: unknown };
  if (!response.ok || typeof body.token !== 'string') throw new Error(`sign-in answered ${response.status}`);
  return body.token;
}

/** One sender's outbox: one message in flight, resent with the same clientMsgId until acked. */
async function sendLoop(sender: Sender): Promise<void> {
  const { client } = sender;
  for (;;) {
    if (!sending) {
      sender.busy = false;
      await sleep(100);
      continue;
    }
    sender.busy = true;
    const clientMsgId = `${client.roomId}-${sender.sent}`;
    const text = `storm ${client.roomId} #${sender.sent}`;
    for (;;) {
      if (client.state !== 'ready') {
        await sleep(100);
        continue;
      }
      const answer = await client
        .request(
          { action: 'sendMessage', roomId: client.roomId, text, clientMsgId },
          (f) => f['clientMsgId'] === clientMsgId,
        )
        .catch(() => undefined);
      if (answer?.type === 'ack') {
        const room = acked.get(client.roomId) ?? new Map<string, string>();
        room.set(String(answer['messageId']), text);
        acked.set(client.roomId, room);
        if (firstDropAt !== undefined && clients.some((c) => !c.inSync)) ackedDuringStorm += 1;
        break;
      }
      const retryAfterMs = answer?.['retryAfterMs'];
      await sleep(typeof retryAfterMs === 'number' ? retryAfterMs : 200);
    }
    sender.sent += 1;
    await sleep(sendIntervalMs);
  }
}

async function setup(command: SetupCommand): Promise<unknown> {
  sendIntervalMs = command.sendIntervalMs;
  const report = await runStep(
    command.clients,
    command.concurrency,
    async (index) => {
      const name = `storm${index}`;
      const token = await signIn(command.signInUrl, name);
      const url = `${command.websocketUrl}?token=${encodeURIComponent(token)}`;
      const client = new StormClient(name, `storm-${index % command.rooms}`, url, observer);
      clients[index] = client;
      await client.run();
      if (index < command.rooms) {
        const sender: Sender = { client, sent: 0, busy: false };
        senders.push(sender);
        void sendLoop(sender);
      }
    },
    () => undefined,
    200,
    Number.POSITIVE_INFINITY,
  );
  return {
    clients: clients.filter(Boolean).length,
    seconds: report.seconds,
    failed: report.failed,
    errors: report.errors,
  };
}

/** Polls `done` every 100 ms until it holds or `timeoutMs` passed; tells which. */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

const ackedCount = (): number => [...acked.values()].reduce((sum, room) => sum + room.size, 0);

function recovery(): RecoveryReport {
  const recovered = clients.filter((c) => c.drops > 0 && c.inSync).length;
  // Every series as long as the storm lasted (to the last client back), zeros where nothing happened.
  const seconds = firstDropAt === undefined ? 0 : Math.floor((lastReadyAt - firstDropAt) / 1000) + 1;
  const cut = (series: number[]): number[] =>
    Array.from({ length: seconds }, (_, second) => series[second] ?? 0);
  return {
    recovered,
    clients: clients.length,
    attemptsPerSecond: cut(perSecond.attempts),
    opensPerSecond: cut(perSecond.opens),
    readyPerSecond: cut(perSecond.ready),
    failedAttempts,
    failureReasons,
    maxAttempt: Math.max(0, ...clients.map((c) => c.maxAttempt)),
    ackedDuringStorm,
    stuck: clients
      .filter((c) => !(c.drops > 0 && c.inSync))
      .slice(0, 10)
      .map((c) => `${c.name}: ${c.state}, attempt ${c.attempt}, drops ${c.drops}`),
  };
}

function verify(): VerifyReport {
  const report: VerifyReport = {
    acked: ackedCount(),
    missing: 0,
    extra: 0,
    historyProblems: clients.flatMap((c) => c.historyProblems).slice(0, 10),
    liveDuplicates: 0,
    liveCopies: 0,
    fromHistory: 0,
    samples: [],
  };
  for (const client of clients) {
    const room = acked.get(client.roomId) ?? new Map<string, string>();
    const missing = [...room.keys()].filter((id) => !client.shown.has(id));
    const extra = [...client.shown.keys()].filter((id) => !room.has(id));
    const wrongText = [...client.shown].filter(([id, text]) => room.has(id) && room.get(id) !== text);
    report.missing += missing.length;
    report.extra += extra.length + wrongText.length;
    report.liveDuplicates += client.liveDuplicates;
    report.liveCopies += client.liveCopies;
    report.fromHistory += client.fromHistory;
    if ((missing.length > 0 || extra.length > 0 || wrongText.length > 0) && report.samples.length < 5) {
      report.samples.push(
        `${client.name} (${client.roomId}, ${client.drops} drops, ${client.state}): missing ${missing.slice(0, 3).join(',')}` +
          ` extra ${extra.slice(0, 3).join(',')} wrong text ${wrongText.length}`,
      );
    }
  }
  return report;
}

async function handle(command: StormCommand): Promise<unknown> {
  switch (command.kind) {
    case 'setup':
      return setup(command);
    case 'start-sending':
      sending = true;
      await until(() => clients.every((c) => c.shown.size >= command.warmup), command.timeoutMs);
      return { acked: ackedCount() };
    case 'await-recovery':
      await until(() => clients.every((c) => c.drops > 0 && c.inSync), command.timeoutMs);
      return recovery();
    case 'stop-sending':
      sending = false;
      await until(() => senders.every((s) => !s.busy), command.timeoutMs);
      return { acked: ackedCount(), rooms: acked.size };
    case 'verify':
      await until(() => {
        const report = verify();
        return report.missing === 0;
      }, command.timeoutMs);
      return verify();
    case 'close':
      sending = false;
      for (const client of clients) client.stop();
      return { closed: clients.length };
  }
}

process.on('message', (request: StormRequest) => {
  handle(request.command).then(
    (body) => emit({ type: 'reply', id: request.id, body }),
    (error: unknown) =>
      emit({
        type: 'failure',
        id: request.id,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
process.on('disconnect', () => process.exit(0));
emit({ type: 'ready', pid: process.pid });
