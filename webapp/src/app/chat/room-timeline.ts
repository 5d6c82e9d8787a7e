// What the reader sees of a room: the confirmed messages (ascending, unique by messageId, since
// deliveries are at-least-once and overtake each other and history pages), then this client's
// unconfirmed sends from the outbox in typing order.
import { computed, signal, type Signal } from '@angular/core';
import type { ChatMessage } from '@chorus/protocol';
import { mergeMessages } from './message-order';
import type { OutgoingMessage } from './outbox';

export type TimelineStatus = 'received' | 'pending' | 'sent' | 'failed';

export interface TimelineEntry {
  /** Stable row identity: the messageId, or the clientMsgId while unconfirmed. */
  readonly key: string;
  readonly clientMsgId: string;
  readonly messageId?: string;
  readonly sender: string;
  readonly text: string;
  readonly sentAt?: string;
  readonly mine: boolean;
  readonly status: TimelineStatus;
  readonly failure?: string;
}

export class RoomTimeline {
  private readonly messagesSignal = signal<readonly ChatMessage[]>([]);
  /** clientMsgIds this client sent in this session (their rows show as "sent"). */
  private readonly sentByMe = signal<ReadonlySet<string>>(new Set());

  /** Confirmed messages in id order. */
  readonly messages = this.messagesSignal.asReadonly();
  /** Confirmed messages, then the unconfirmed ones. */
  readonly entries: Signal<readonly TimelineEntry[]>;

  constructor(
    unconfirmed: Signal<readonly OutgoingMessage[]>,
    private readonly userName: () => string,
    /** The signed-in user's id: "mine" is decided by it, never by the display name. */
    private readonly userId: () => string,
  ) {
    this.entries = computed(() => [...this.confirmedEntries(), ...this.unconfirmedEntries(unconfirmed())]);
  }

  add(messages: readonly ChatMessage[]): void {
    this.messagesSignal.update((held) => mergeMessages(held, messages));
  }

  /** The server acked this send: its row is ours (before its delivered copy shows our senderId). */
  markSentByMe(clientMsgId: string): void {
    this.sentByMe.update((ids) => new Set(ids).add(clientMsgId));
  }

  oldest(): ChatMessage | undefined {
    return this.messagesSignal()[0];
  }

  newest(): ChatMessage | undefined {
    const held = this.messagesSignal();
    return held[held.length - 1];
  }

  private confirmedEntries(): TimelineEntry[] {
    const me = this.userId();
    const sentByMe = this.sentByMe();
    return this.messagesSignal().map((message): TimelineEntry => {
      const mine = sentByMe.has(message.clientMsgId) || (me !== '' && message.senderId === me);
      return {
        key: message.messageId,
        clientMsgId: message.clientMsgId,
        messageId: message.messageId,
        sender: message.sender,
        text: message.text,
        sentAt: message.sentAt,
        mine,
        status: mine ? 'sent' : 'received',
      };
    });
  }

  private unconfirmedEntries(outgoing: readonly OutgoingMessage[]): TimelineEntry[] {
    const me = this.userName();
    return outgoing.map((entry): TimelineEntry => ({
      key: `outbox:${entry.clientMsgId}`,
      clientMsgId: entry.clientMsgId,
      sender: me,
      text: entry.text,
      mine: true,
      status: entry.status,
      ...(entry.failure === undefined ? {} : { failure: entry.failure }),
    }));
  }
}
