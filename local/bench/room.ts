// One room of N real WebSocket members on the local cloud: connect, join, then alternately
// (a) the pipeline: one member sends a message, timed from its ack to the last member receiving it,
// (b) the baseline: the bench posts the same frame to the same N connections itself through
//     @connections with the worker's in-flight bound, timed from the first post to the last receipt.
// Every copy every member receives is counted afterwards (exactly once, or it is a failure).
import { randomBytes } from 'node:crypto';
import {
  PostToConnectionCommand,
  type ApiGatewayManagementApiClient,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { MessageFrame } from '@chorus/protocol';
import { ChatClient } from '../tests/integration/support/chatClient';
import type { Endpoints } from '../tests/integration/support/localCloudProcess';
import { chunks, mapBounded } from './bounded';
import { EMPTY_TALLY, tallyDeliveries, type DeliveryTally } from './deliveries';
import type { Teardown } from './teardown';

export interface RoomSettings {
  size: number;
  messages: number;
  /** Untimed rounds before the timed ones (cold Lambda containers, fresh sockets). */
  warmups: number;
  pings: number;
  connectChunk: number;
  joinChunk: number;
  textChars: number;
  /** c: the deliver function's deliveryInFlight, used as the baseline's bound. */
  inFlight: number;
}

export interface RoomResult {
  size: number;
  connectSeconds: number;
  joinSeconds: number;
  /** ping → pong round trips of the sender, ms. */
  pingMs: number[];
  pipeline: {
    /** sendMessage → ack, ms, per message. */
    ackMs: number[];
    /** ack → last member received the message, ms, per message that reached everyone. */
    ackToLastMs: number[];
    tally: DeliveryTally;
    errors: string[];
  };
  baseline: {
    /** First post → last member received the frame, ms, per round that reached everyone. */
    roundMs: number[];
    /** Latency of each PostToConnection call (L), ms. */
    postMs: number[];
    postFailures: number;
    tally: DeliveryTally;
    errors: string[];
  };
}

const SETTLE_MS = 1_500;

/** One line per error, with the last frames the harness saw (its message lists them). */
function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const oneLine = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join(' | ');
  return oneLine.length > 400 ? `${oneLine.slice(0, 400)}…` : oneLine;
}

/** Wait bound for one message to reach all N members: generous, since on 2 cores it is all local. */
export function deliveryTimeoutMs(size: number): number {
  return 30_000 + 40 * size;
}

/** Resolves, per member, with the time its first `message` frame tagged `clientMsgId` arrived. */
function arrivalTimes(
  members: readonly ChatClient[],
  clientMsgId: string,
  timeoutMs: number,
): Promise<Array<number | undefined>> {
  const has = (frames: ChatClient['frames']): boolean =>
    frames.some((f) => f.type === 'message' && f.clientMsgId === clientMsgId);
  return Promise.all(
    members.map((member) =>
      member.waitFor(`message ${clientMsgId}`, has, timeoutMs).then(
        () => performance.now(),
        () => undefined,
      ),
    ),
  );
}

/** Latest arrival minus `from`, or undefined when some member never got it. */
function untilLast(times: ReadonlyArray<number | undefined>, from: number): number | undefined {
  if (times.some((t) => t === undefined)) return undefined;
  return Math.max(...(times as number[])) - from;
}

async function openConnectionIds(adminUrl: string): Promise<Set<string>> {
  const res = await fetch(`${adminUrl}/connections`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${adminUrl}/connections answered ${res.status}`);
  const body = (await res.json()) as { connections: Array<{ connectionId: string; state: string }> };
  return new Set(body.connections.filter((c) => c.state === 'open').map((c) => c.connectionId));
}

function chatText(chars: number, label: string): string {
  const base = `${label} `;
  return (base + 'x'.repeat(Math.max(0, chars - base.length))).slice(0, chars);
}

export async function runRoom(
  settings: RoomSettings,
  endpoints: Endpoints,
  management: ApiGatewayManagementApiClient,
  teardown: Teardown,
  log: (line: string) => void,
): Promise<RoomResult> {
  const { size } = settings;
  const runId = randomBytes(3).toString('hex');
  const roomId = `bench-${size}-${runId}`;
  const timeoutMs = deliveryTimeoutMs(size);
  const members: ChatClient[] = [];
  const release = teardown.add(`${size} WebSocket members`, () => closeAll(members));
  try {
    // Connect in chunks: every $connect is a Lambda invocation and a DynamoDB write on 2 cores.
    const before = await openConnectionIds(endpoints.adminUrl);
    const connectStart = performance.now();
    for (const part of chunks([...Array(size).keys()], settings.connectChunk)) {
      members.push(
        ...(await Promise.all(
          part.map((i) => ChatClient.connect(endpoints.websocketUrl, `bench ${runId} ${i}`)),
        )),
      );
    }
    const connectSeconds = (performance.now() - connectStart) / 1000;
    const connectionIds = [...(await openConnectionIds(endpoints.adminUrl))].filter((id) => !before.has(id));
    const joinStart = performance.now();
    for (const part of chunks(members, settings.joinChunk)) {
      await Promise.all(
        part.map((m) => m.request({ action: 'joinRoom', roomId }, 'presence', (f) => f.roomId === roomId)),
      );
    }
    const joinSeconds = (performance.now() - joinStart) / 1000;
    log(
      `  N=${size}: ${members.length} connected in ${connectSeconds.toFixed(1)} s, joined in ${joinSeconds.toFixed(1)} s`,
    );

    const result: RoomResult = {
      size,
      connectSeconds,
      joinSeconds,
      pingMs: [],
      pipeline: { ackMs: [], ackToLastMs: [], tally: { ...EMPTY_TALLY }, errors: [] },
      baseline: { roundMs: [], postMs: [], postFailures: 0, tally: { ...EMPTY_TALLY }, errors: [] },
    };
    if (connectionIds.length !== size) {
      result.baseline.errors.push(
        `the gateway lists ${connectionIds.length} new open connections, expected ${size}`,
      );
    }
    const sender = members[0]!;
    for (let i = 0; i < settings.pings; i += 1) {
      const sentAt = performance.now();
      await sender.request({ action: 'ping', ts: Date.now() }, 'pong');
      result.pingMs.push(performance.now() - sentAt);
    }

    const pipelineTags: string[] = [];
    const baselineTags: string[] = [];
    // Warm-up rounds first (Lambda containers, keep-alive sockets): delivered and counted, not timed.
    for (let i = 0; i < settings.warmups + settings.messages; i += 1) {
      const timed = i >= settings.warmups;
      const label = timed ? `message ${i - settings.warmups + 1}` : `warm-up ${i + 1}`;
      const tag = `p-${runId}-${size}-${i}`;
      pipelineTags.push(tag);
      const text = chatText(settings.textChars, `bench N=${size} ${label}`);
      const sent = await pipelineRound({
        sender,
        members,
        roomId,
        tag,
        text,
        timeoutMs,
        senderName: `bench ${runId} 0`,
      });
      if (sent.error !== undefined) {
        result.pipeline.errors.push(`${label}: ${sent.error}`);
        continue;
      }
      if (timed) {
        result.pipeline.ackMs.push(sent.ackMs);
        if (sent.ackToLastMs !== undefined) result.pipeline.ackToLastMs.push(sent.ackToLastMs);
      }
      if (sent.ackToLastMs === undefined)
        result.pipeline.errors.push(`${label} did not reach every member within ${timeoutMs} ms`);

      // The baseline: the same frame (with a tag of the same length) straight to @connections.
      const baselineTag = `b${tag.slice(1)}`;
      baselineTags.push(baselineTag);
      const data = Buffer.from(JSON.stringify({ ...sent.frame, clientMsgId: baselineTag }));
      const posted = await baselineRound({
        members,
        connectionIds,
        management,
        inFlight: settings.inFlight,
        tag: baselineTag,
        data,
        timeoutMs,
      });
      result.baseline.postFailures += posted.postFailures;
      if (timed) {
        result.baseline.postMs.push(...posted.postMs);
        if (posted.postToLastMs !== undefined) result.baseline.roundMs.push(posted.postToLastMs);
      }
      if (posted.postToLastMs === undefined)
        result.baseline.errors.push(`baseline ${label} did not reach every member within ${timeoutMs} ms`);
    }

    // Late copies (redeliveries) would show up now; then count every copy each member holds.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const received = members.map((m) => m.ofType('message').map((f) => f.clientMsgId));
    result.pipeline.tally = tallyDeliveries(received, pipelineTags);
    result.baseline.tally = tallyDeliveries(received, baselineTags);
    return result;
  } finally {
    await closeAll(members);
    release();
  }
}

interface PipelineRound {
  sender: ChatClient;
  members: readonly ChatClient[];
  roomId: string;
  tag: string;
  text: string;
  senderName: string;
  timeoutMs: number;
}

/** One sendMessage, timed from its ack to the last member receiving it. */
async function pipelineRound(
  round: PipelineRound,
): Promise<
  { error: string } | { error?: undefined; ackMs: number; ackToLastMs?: number; frame: MessageFrame }
> {
  const { sender, members, roomId, tag, text, timeoutMs } = round;
  // Every member starts watching before the send, so no early copy can be missed.
  const arrivals = arrivalTimes(members, tag, timeoutMs);
  const sentAt = performance.now();
  try {
    const ack = await sender.request(
      { action: 'sendMessage', roomId, text, clientMsgId: tag },
      'ack',
      (a) => a.clientMsgId === tag,
    );
    const ackAt = performance.now();
    const ackToLastMs = untilLast(await arrivals, ackAt);
    const frame = sender.ofType('message').find((m) => m.clientMsgId === tag) ?? {
      type: 'message',
      roomId,
      messageId: ack.messageId,
      clientMsgId: tag,
      sender: round.senderName,
      text,
      sentAt: ack.sentAt,
    };
    return ackToLastMs === undefined
      ? { ackMs: ackAt - sentAt, frame }
      : { ackMs: ackAt - sentAt, ackToLastMs, frame };
  } catch (error) {
    await arrivals;
    return { error: errorText(error) };
  }
}

interface BaselineRound {
  members: readonly ChatClient[];
  connectionIds: readonly string[];
  management: ApiGatewayManagementApiClient;
  inFlight: number;
  tag: string;
  data: Uint8Array;
  timeoutMs: number;
}

/** The same frame posted by the bench to every connection, at most `inFlight` calls at a time. */
async function baselineRound(
  round: BaselineRound,
): Promise<{ postMs: number[]; postFailures: number; postToLastMs?: number }> {
  const arrivals = arrivalTimes(round.members, round.tag, round.timeoutMs);
  const postStart = performance.now();
  const posts = await mapBounded(round.connectionIds, round.inFlight, async (connectionId) => {
    const callStart = performance.now();
    await round.management.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: round.data }),
    );
    return performance.now() - callStart;
  });
  const postMs = posts.flatMap((p) => (p.ok ? [p.value] : []));
  const postToLastMs = untilLast(await arrivals, postStart);
  const out = { postMs, postFailures: posts.length - postMs.length };
  return postToLastMs === undefined ? out : { ...out, postToLastMs };
}

/** Closes every member (bounded: a socket that does not close in 10 s is left to the process exit). */
async function closeAll(members: ChatClient[]): Promise<void> {
  const closing = members.splice(0).map((m) => m.close());
  await Promise.race([Promise.all(closing), new Promise((r) => setTimeout(r, 10_000).unref())]);
}
