// One synthetic round: the real sender sends one message into the phantom room, and the gateway's
// phantom counters say when the last phantom was posted to. The counters are read every
// POLL_MS for the progress bar only: the times themselves are stamped by the gateway on each post.
import type { MessageFrame } from '@chorus/protocol';
import type { PhantomStats, ThrottleSnapshot } from '../../src/gateway';
import type { ChatClient } from '../../tests/integration/support/chatClient';
import type { LocalAdmin } from './admin';

const POLL_MS = 250;
/** After the last phantom is reached, wait this long for late duplicates. */
const GRACE_MS = 2_000;

export interface RoundSpec {
  admin: LocalAdmin;
  sender: ChatClient;
  roomId: string;
  /** clientMsgId and text of the message. */
  tag: string;
  text: string;
  /** Phantoms the gateway must have registered (checked before the message goes out). */
  count: number;
  /** Give up when no new phantom was reached for this long. */
  stallMs: number;
  onProgress?(posted: number): void;
}

export interface RoundOutcome {
  /** Epoch ms the ack arrived. */
  ackAt: number;
  stats: PhantomStats;
  throttle: ThrottleSnapshot;
  /** The sender, a member too, got its own copy. */
  senderCopy: boolean;
  /** Stopped by the stall timeout before every phantom was reached. */
  stalled: boolean;
}

const epochNow = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function runRound(spec: RoundSpec): Promise<RoundOutcome> {
  await spec.admin.resetPhantomCounts();
  const registered = (await spec.admin.phantoms()).registered;
  if (registered !== spec.count)
    throw new Error(`the gateway has ${registered} phantoms registered, the room ${spec.count}`);
  const ack = await spec.sender.request(
    { action: 'sendMessage', roomId: spec.roomId, text: spec.text, clientMsgId: spec.tag },
    'ack',
    (frame) => frame.clientMsgId === spec.tag,
  );
  const ackAt = epochNow();
  let stats = await spec.admin.phantoms();
  let lastPosted = stats.posted;
  let lastProgressAt = ackAt;
  let stalled = false;
  while (stats.completedAt === undefined) {
    await sleep(POLL_MS);
    stats = await spec.admin.phantoms();
    spec.onProgress?.(stats.posted);
    if (stats.posted > lastPosted) {
      lastPosted = stats.posted;
      lastProgressAt = epochNow();
    } else if (epochNow() - lastProgressAt > spec.stallMs) {
      stalled = true;
      break;
    }
  }
  if (!stalled) {
    await sleep(GRACE_MS);
    stats = await spec.admin.phantoms();
  }
  const throttle = await spec.admin.throttle();
  const senderCopy = await spec.sender
    .waitFor(
      'the sender’s own copy',
      (frames) => frames.some((f) => f.type === 'message' && (f as MessageFrame).messageId === ack.messageId),
      5_000,
    )
    .then(
      () => true,
      () => false,
    );
  return { ackAt, stats, throttle, senderCopy, stalled };
}
