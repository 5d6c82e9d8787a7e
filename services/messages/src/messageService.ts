// The two things a client can do with messages: send one (idempotently) and read a page of a
// room's history. Delivery to the room is not done here: the messages table's stream feeds the
// fan-out service, so sendMessage costs the same in a room of two and a room of a million.
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AckFrame, HistoryFrame, HistoryPageFrame, SendMessageFrame } from '@chorus/protocol';
import type { ConnectionDirectory } from './connectionDirectory';
import { ForbiddenError, RateLimitedError, UnknownConnectionError } from './errors';
import { fitPageToBytes, HISTORY_PAGE_MAX_BYTES } from './historyBudget';
import type { MessageIdGenerator } from './messageIds';
import type { MessageStore, PageCursor } from './messageStore';
import type { MetricsPort } from '@chorus/lambda-kit';
import type { SendRateLimiter } from './sendRateLimiter';
import { MessagesMetric } from './telemetry';

export interface MessageServiceDeps {
  directory: ConnectionDirectory;
  store: MessageStore;
  ids: MessageIdGenerator;
  metrics: MetricsPort;
  /** Per-user send rate (the container always gives one; absent means unlimited, for tests). */
  limiter?: SendRateLimiter;
  /** Per-user history rate: the same limiter on another bucket (absent means unlimited). */
  historyLimiter?: SendRateLimiter;
  /** Epoch ms. */
  now?: () => number;
  /** Size budget of a history page's messages (defaults to what fits one gateway message). */
  maxPageBytes?: number;
}

/** What the route handlers call; MessageService is the implementation. */
export interface MessagesApi {
  send(connectionId: string, frame: SendMessageFrame): Promise<AckFrame>;
  history(connectionId: string, frame: HistoryFrame): Promise<HistoryPageFrame>;
}

function cursorOf(frame: HistoryFrame): PageCursor {
  if (frame.before !== undefined) return { kind: 'before', messageId: frame.before };
  if (frame.after !== undefined) return { kind: 'after', messageId: frame.after };
  return { kind: 'latest' };
}

export class MessageService implements MessagesApi {
  private readonly now: () => number;
  private readonly maxPageBytes: number;

  public constructor(private readonly deps: MessageServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.maxPageBytes = deps.maxPageBytes ?? HISTORY_PAGE_MAX_BYTES;
  }

  public async send(connectionId: string, frame: SendMessageFrame): Promise<AckFrame> {
    const { directory, store, ids, metrics } = this.deps;
    const [sender, member] = await Promise.all([
      directory.findSender(connectionId),
      directory.isMember(connectionId, frame.roomId),
    ]);
    if (sender === undefined) throw new UnknownConnectionError(connectionId);
    if (!member) throw new ForbiddenError(frame.roomId);
    // Before any write: a refused send leaves nothing behind, and its resend is a fresh attempt.
    // Counted per user id (the token's `sub`), so all of a user's connections share one budget.
    const decision = (await this.deps.limiter?.take(sender.userId)) ?? { allowed: true };
    if (!decision.allowed) {
      metrics.addMetric(MessagesMetric.SendsRateLimited, MetricUnit.Count, 1);
      throw new RateLimitedError(decision.retryAfterMs);
    }

    const nowMs = this.now();
    const messageId = ids.next(nowMs);
    const sentAt = new Date(nowMs).toISOString();
    const outcome = await store.saveOnce({
      roomId: frame.roomId,
      messageId,
      clientMsgId: frame.clientMsgId,
      sender: sender.userName,
      senderId: sender.userId,
      text: frame.text,
      sentAt,
    });

    const ack: AckFrame = {
      type: 'ack',
      roomId: frame.roomId,
      clientMsgId: frame.clientMsgId,
      messageId,
      sentAt,
    };
    if (outcome.status === 'duplicate') {
      metrics.addMetric(MessagesMetric.DuplicateSends, MetricUnit.Count, 1);
      return { ...ack, messageId: outcome.messageId, sentAt: outcome.sentAt };
    }
    metrics.addMetric(MessagesMetric.MessagesAccepted, MetricUnit.Count, 1);
    return ack;
  }

  public async history(connectionId: string, frame: HistoryFrame): Promise<HistoryPageFrame> {
    const { directory, store, metrics } = this.deps;
    const [reader, member] = await Promise.all([
      directory.findSender(connectionId),
      directory.isMember(connectionId, frame.roomId),
    ]);
    if (reader === undefined) throw new UnknownConnectionError(connectionId);
    if (!member) throw new ForbiddenError(frame.roomId);
    // Every page is a bounded Query, but pages cost read units and Lambda time: per user, like
    // sends, so many tabs or a runaway client cannot page a room without end.
    const decision = (await this.deps.historyLimiter?.take(reader.userId)) ?? { allowed: true };
    if (!decision.allowed) {
      metrics.addMetric(MessagesMetric.HistoryRateLimited, MetricUnit.Count, 1);
      throw new RateLimitedError(decision.retryAfterMs, 'history');
    }

    const cursor = cursorOf(frame);
    const page = await store.readPage({ roomId: frame.roomId, cursor, limit: frame.limit });
    // Forward pages (catch-up) continue after their newest message, backward ones before their oldest.
    const fitted = fitPageToBytes(page, cursor.kind === 'after' ? 'oldest' : 'newest', this.maxPageBytes);

    metrics.addMetric(MessagesMetric.HistoryPagesServed, MetricUnit.Count, 1);
    metrics.addMetric(MessagesMetric.HistoryMessagesReturned, MetricUnit.Count, fitted.messages.length);
    return {
      type: 'history',
      roomId: frame.roomId,
      messages: fitted.messages,
      hasMore: fitted.hasMore,
      ...(frame.before !== undefined ? { before: frame.before } : {}),
      ...(frame.after !== undefined ? { after: frame.after } : {}),
    };
  }
}
