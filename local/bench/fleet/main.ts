// The client fleet: a process of its own that holds every bench socket (Chorus members and the
// baseline's), sends every message and stamps every copy on receipt with the same clock, so the
// runner and the servers under test never share its CPU budget or its event loop. Driven by the
// runner over the IPC channel (see protocol.ts); exits when the channel closes.
import type { ServerFrame } from '@chorus/protocol';
import { encodeHistogram } from '../latency';
import { KeepAlive } from './keepAlive';
import { DeliveryLedger } from './ledger';
import { loadSlot, plannedMessages, runOpenLoop } from './load';
import { FleetMember } from './member';
import type {
  BroadcastCommand,
  FleetCommand,
  FleetEvent,
  FleetRequest,
  ReplyBodies,
  SendCommand,
  SendReport,
  SustainCommand,
} from './protocol';
import { runStep } from './step';

const ledger = new DeliveryLedger(1000);
const groups = new Map<string, FleetMember[]>();
const controls = new Map<string, FleetMember>();
const keepAlive = new KeepAlive();
let unexpectedCloses = 0;

function emit(event: FleetEvent): void {
  process.send?.(event);
}

function membersOf(group: string): FleetMember[] {
  const members = groups.get(group);
  if (members === undefined) throw new Error(`no group ${group} in the fleet`);
  return members;
}

function chatText(chars: number, label: string): string {
  const base = `${label} `;
  return (base + 'x'.repeat(Math.max(0, chars - base.length))).slice(0, chars);
}

async function send(command: SendCommand): Promise<SendReport> {
  const members = membersOf(command.group);
  const sender = members[0]!;
  const own = sender.await(
    `its own copy of ${command.tag}`,
    (f) => f.type === 'message' && f.clientMsgId === command.tag,
    command.timeoutMs,
  );
  own.catch(() => undefined);
  ledger.expect(command.tag, {
    series: command.series,
    group: command.group,
    members: members.length,
    sentAt: performance.now(),
  });
  sender.send(
    JSON.stringify({
      action: 'sendMessage',
      roomId: command.roomId,
      text: command.text,
      clientMsgId: command.tag,
    }),
  );
  await ledger.whenComplete(command.tag, command.timeoutMs);
  const report = roundReport(command.tag);
  const copy = await own.then(
    (answer) => answer.raw,
    () => undefined,
  );
  return copy === undefined ? report : { ...report, frame: copy };
}

async function broadcast(command: BroadcastCommand): Promise<SendReport> {
  const members = membersOf(command.group);
  const control = controls.get(command.group);
  if (control === undefined) throw new Error(`group ${command.group} has no control socket`);
  ledger.expect(command.tag, {
    series: command.series,
    group: command.group,
    members: members.length,
    sentAt: performance.now(),
  });
  control.send(command.frame);
  await ledger.whenComplete(command.tag, command.timeoutMs);
  return roundReport(command.tag);
}

function roundReport(tag: string): SendReport {
  const r = ledger.round(tag)!;
  const report: SendReport = { complete: r.reached === r.members, reached: r.reached, members: r.members };
  if (r.ackAt !== undefined) report.ackMs = r.ackAt - r.sentAt;
  if (r.firstAt !== undefined) report.firstMs = r.firstAt - r.sentAt;
  if (r.lastAt !== undefined) report.lastMs = r.lastAt - r.sentAt;
  if (r.refused !== undefined) report.refused = r.refused;
  return report;
}

async function sustain(command: SustainCommand, id: number): Promise<ReplyBodies['sustain']> {
  const rooms = command.rooms.map((room) => ({ ...room, members: membersOf(room.group) }));
  const total = plannedMessages(command.rate, command.seconds);
  let firstSentAt = 0;
  let lastSentAt = 0;
  let lastProgress = 0;
  const maxScheduleLagMs = await runOpenLoop(
    command.rate,
    total,
    (k) => {
      const slot = loadSlot(k, command.rooms);
      const room = rooms[slot.room]!;
      const sender = room.members[slot.sender % room.members.length]!;
      const tag = `${command.tagPrefix}${k}`;
      const sentAt = performance.now();
      if (k === 0) firstSentAt = sentAt;
      lastSentAt = sentAt;
      ledger.expect(tag, { series: command.series, group: room.group, members: room.members.length, sentAt });
      const frame = {
        action: 'sendMessage',
        roomId: room.roomId,
        text: chatText(command.textChars, `sustained ${k}`),
        clientMsgId: tag,
      };
      sender.send(JSON.stringify(frame));
    },
    (sent) => {
      const now = performance.now();
      if (now - lastProgress < 200 && sent < total) return;
      lastProgress = now;
      emit({ type: 'progress', id, done: sent, failed: 0, total });
    },
  );
  const drained = await ledger.whenSeriesComplete(command.series, command.drainTimeoutMs);
  const spanMs = ledger.snapshot(command.series).spanMs;
  return {
    sent: total,
    sendSeconds: (lastSentAt - firstSentAt) / 1000,
    spanSeconds: spanMs / 1000,
    drained,
    maxScheduleLagMs,
  };
}

/** The local cloud's development sign-in: `POST {"name"}` → `{"token"}`. */
async function signIn(signInUrl: string, name: string, timeoutMs: number): Promise<string> {
  const response = await fetch(signInUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json()) as { token?: unknown };
  if (!response.ok || typeof body.token !== 'string')
    throw new Error(`sign-in as ${name} answered ${response.status}`);
  return body.token;
}

async function handle(command: FleetCommand, id: number): Promise<unknown> {
  const progress = (done: number, failed: number, total: number): void =>
    emit({ type: 'progress', id, done, failed, total });
  switch (command.kind) {
    case 'connect': {
      if (groups.has(command.group)) throw new Error(`group ${command.group} already exists`);
      const members: FleetMember[] = [];
      groups.set(command.group, members);
      const separator = command.url.includes('?') ? '&' : '?';
      const report = await runStep(
        command.count,
        command.concurrency,
        async (index) => {
          const name = `${command.namePrefix}${index}`;
          const query =
            command.signInUrl === undefined
              ? `name=${encodeURIComponent(name)}`
              : `token=${encodeURIComponent(await signIn(command.signInUrl, name, command.timeoutMs))}`;
          const member = await FleetMember.connect(
            `${command.url}${separator}${query}`,
            command.group,
            index,
            ledger,
            command.timeoutMs,
          );
          member.onUnexpectedClose = () => (unexpectedCloses += 1);
          members[index] = member;
        },
        progress,
      );
      if (command.control === true) {
        const control = await FleetMember.connect(
          `${command.url.replace(/\/$/, '')}/control`,
          `${command.group}/control`,
          0,
          ledger,
          command.timeoutMs,
        );
        controls.set(command.group, control);
      }
      // Indexes must be dense: a member that failed to connect would leave a hole in the room.
      if (report.failed > 0) {
        const dense = members.filter((m) => m !== undefined);
        dense.forEach((member, index) => (member.index = index));
        groups.set(command.group, dense);
      }
      if (command.keepAlive === true) keepAlive.keep(command.group, membersOf(command.group));
      return report;
    }
    case 'join': {
      const members = membersOf(command.group);
      const frame = JSON.stringify({ action: 'joinRoom', roomId: command.roomId });
      const answers = (f: ServerFrame): boolean =>
        (f.type === 'presence' && f.roomId === command.roomId) ||
        (f.type === 'error' && f.action === 'joinRoom');
      return runStep(
        members.length,
        command.concurrency,
        async (index) => {
          const { frame: answer } = await members[index]!.request(
            frame,
            'presence',
            answers,
            command.timeoutMs,
          );
          if (answer.type === 'error') throw new Error(`joinRoom refused: ${answer.code} ${answer.message}`);
        },
        progress,
      );
    }
    case 'ping': {
      const sender = membersOf(command.group)[0]!;
      const rttMs: number[] = [];
      for (let i = 0; i < command.count; i += 1) {
        const sentAt = performance.now();
        const { at } = await sender.request(
          JSON.stringify({ action: 'ping', ts: Date.now() }),
          'pong',
          (f) => f.type === 'pong',
          command.timeoutMs,
        );
        rttMs.push(at - sentAt);
      }
      return { rttMs };
    }
    case 'send':
      return send(command);
    case 'broadcast':
      return broadcast(command);
    case 'sustain':
      return sustain(command, id);
    case 'collect': {
      const snapshot = ledger.snapshot(command.series);
      return {
        tally: snapshot.tally,
        latency: encodeHistogram(snapshot.latency),
        ack: encodeHistogram(snapshot.ack),
        timeline: snapshot.timeline,
        bucketMs: snapshot.bucketMs,
        refusals: snapshot.refusals,
        spanMs: snapshot.spanMs,
        unknownCopies: ledger.unknownCopies,
        unexpectedCloses,
      };
    }
    case 'close': {
      const members = groups.get(command.group) ?? [];
      const control = controls.get(command.group);
      groups.delete(command.group);
      controls.delete(command.group);
      keepAlive.forget(command.group);
      await Promise.all([...members, ...(control === undefined ? [] : [control])].map((m) => m.close()));
      return { closed: members.length };
    }
  }
}

process.on('message', (request: FleetRequest) => {
  handle(request.command, request.id).then(
    (body) => emit({ type: 'reply', id: request.id, body }),
    (error: unknown) =>
      emit({
        type: 'failure',
        id: request.id,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
// The runner is gone (or told us to stop): nothing here is worth keeping.
process.on('disconnect', () => process.exit(0));
emit({ type: 'ready', pid: process.pid });
