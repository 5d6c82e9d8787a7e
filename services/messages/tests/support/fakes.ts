// In-memory stand-ins for the service's ports, with the same semantics as the DynamoDB versions
// (dedup by room + sender + clientMsgId, pages by id order) so handler tests exercise real flows.
import type { ChatMessage } from '@chorus/protocol';
import type { ConnectionDirectory, Sender } from '../../src/connectionDirectory';
import type { MessageIdGenerator } from '../../src/messageIds';
import type { MessagePage, MessageStore, NewMessage, PageRequest, SaveOutcome } from '../../src/messageStore';
import type { LoggerPort, MetricsPort } from '@chorus/lambda-kit';

export class InMemoryConnectionDirectory implements ConnectionDirectory {
  private readonly senders = new Map<string, { userId: string; userName: string }>();
  private readonly memberships = new Set<string>();

  /** The user id defaults to one per name; pass it to model two people sharing a name. */
  public connect(connectionId: string, userName: string, userId = `user-${userName}`): this {
    this.senders.set(connectionId, { userId, userName });
    return this;
  }

  public join(connectionId: string, roomId: string): this {
    this.memberships.add(`${connectionId}|${roomId}`);
    return this;
  }

  public findSender(connectionId: string): Promise<Sender | undefined> {
    const sender = this.senders.get(connectionId);
    return Promise.resolve(sender === undefined ? undefined : { connectionId, ...sender });
  }

  public isMember(connectionId: string, roomId: string): Promise<boolean> {
    return Promise.resolve(this.memberships.has(`${connectionId}|${roomId}`));
  }
}

export class InMemoryMessageStore implements MessageStore {
  public readonly saved: NewMessage[] = [];
  private readonly dedup = new Map<string, { messageId: string; sentAt: string }>();

  public saveOnce(message: NewMessage): Promise<SaveOutcome> {
    const key = `${message.roomId}#${message.senderId}#${message.clientMsgId}`;
    const original = this.dedup.get(key);
    if (original !== undefined) return Promise.resolve({ status: 'duplicate', ...original });
    this.dedup.set(key, { messageId: message.messageId, sentAt: message.sentAt });
    this.saved.push(message);
    return Promise.resolve({ status: 'created' });
  }

  public readPage({ roomId, cursor, limit }: PageRequest): Promise<MessagePage> {
    const room = this.saved
      .filter((message) => message.roomId === roomId)
      .map((message): ChatMessage => ({ ...message }))
      .sort((a, b) => (a.messageId < b.messageId ? -1 : 1));
    if (cursor.kind === 'after') {
      const newer = room.filter((message) => message.messageId > cursor.messageId);
      return Promise.resolve({ messages: newer.slice(0, limit), hasMore: newer.length > limit });
    }
    const older =
      cursor.kind === 'before' ? room.filter((message) => message.messageId < cursor.messageId) : room;
    return Promise.resolve({ messages: older.slice(-limit), hasMore: older.length > limit });
  }
}

/** Ids from a counter, in the ULID alphabet and order, so tests can predict and compare them. */
export function sequentialIds(prefix = '01J'): MessageIdGenerator & { issued: string[] } {
  const issued: string[] = [];
  return {
    issued,
    next: () => {
      const id = `${prefix}${String(issued.length + 1).padStart(26 - prefix.length, '0')}`;
      issued.push(id);
      return id;
    },
  };
}

export interface RecordedMetric {
  name: string;
  unit: string;
  value: number;
}

export function recordingMetrics(): MetricsPort & {
  recorded: RecordedMetric[];
  published: number;
  count(name: string): number;
} {
  const recorded: RecordedMetric[] = [];
  const fake = {
    recorded,
    published: 0,
    count: (name: string) =>
      recorded.filter((metric) => metric.name === name).reduce((sum, m) => sum + m.value, 0),
    addMetric(name: string, unit: string, value: number) {
      recorded.push({ name, unit, value });
      return fake;
    },
    hasStoredMetrics: () => recorded.length > 0,
    publishStoredMetrics() {
      fake.published += 1;
      return fake;
    },
  };
  return fake as unknown as MetricsPort & {
    recorded: RecordedMetric[];
    published: number;
    count(name: string): number;
  };
}

export function recordingLogger(): jest.Mocked<LoggerPort> {
  return {
    debug: jest.fn(),
    info: jest.fn(),
    warn: jest.fn(),
    error: jest.fn(),
    appendKeys: jest.fn(),
    resetKeys: jest.fn(),
    addContext: jest.fn(),
  } as unknown as jest.Mocked<LoggerPort>;
}
