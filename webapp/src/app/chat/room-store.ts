// The state of one room: its messages (ascending, unique), the outbox of unconfirmed sends, who is
// online and how far back history is loaded. After every (re)connect it re-joins, then resends the
// outbox and catches up with `history {after: newest held}` page by page while `hasMore`.
import { computed, signal, type Signal } from '@angular/core';
import { Subscription, filter, timer, type Observable, type SchedulerLike } from 'rxjs';
import type {
  AckFrame,
  ChatMessage,
  ClientFrameInput,
  ErrorFrame,
  HistoryPageFrame,
  MessageFrame,
  PresenceFrame,
  ServerFrameOf,
  ServerFrameType,
} from '@chorus/protocol';
import { TEXT_MAX_CHARS } from '@chorus/protocol';
import type { ConnectionState } from '../connection/connection-state';
import type { ChatRoomOptions } from './chat-options';
import { mergeMessages, toChatMessage } from './message-order';
import { catchUpCursor } from './catch-up-cursor';
import { Outbox } from './outbox';

/** The part of ChatSocket a room needs (a fake in unit tests). */
export interface RoomSocket {
  readonly state$: Observable<ConnectionState>;
  readonly opened$: Observable<void>;
  isOpen(): boolean;
  send(frame: ClientFrameInput): boolean;
  frameOf<T extends ServerFrameType>(type: T): Observable<ServerFrameOf<T>>;
}

export interface RoomStoreDeps {
  readonly socket: RoomSocket;
  readonly scheduler: SchedulerLike;
  readonly options: ChatRoomOptions;
  readonly newClientMsgId: () => string;
  /** The display name this client connected with (own messages are marked). */
  readonly userName: () => string;
}

type RoomFrameType = 'message' | 'ack' | 'history' | 'presence';

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

export class RoomStore {
  private readonly messagesSignal = signal<readonly ChatMessage[]>([]);
  private readonly usersSignal = signal<readonly string[]>([]);
  private readonly usersTruncatedSignal = signal(false);
  private readonly hasOlderSignal = signal(true);
  private readonly loadingOlderSignal = signal(false);
  private readonly joinedSignal = signal(false);
  /** clientMsgIds this client sent in this session (their rows show as "sent"). */
  private readonly sentByMe = signal<ReadonlySet<string>>(new Set());
  private readonly outbox: Outbox;
  private readonly subscriptions = new Subscription();
  private joinedPhase = new Subscription();
  /** The unanswered first-page/catch-up request: an error for it must not end the catch-up. */
  private pendingCatchUp: ClientFrameInput | undefined;

  readonly messages = this.messagesSignal.asReadonly();
  readonly users = this.usersSignal.asReadonly();
  /** True when the room has more people online than `users` lists (the server caps presence). */
  readonly usersTruncated = this.usersTruncatedSignal.asReadonly();
  readonly hasOlder = this.hasOlderSignal.asReadonly();
  readonly loadingOlder = this.loadingOlderSignal.asReadonly();
  readonly joined = this.joinedSignal.asReadonly();
  /** Confirmed messages in id order, then this client's unconfirmed ones in typing order. */
  readonly timeline: Signal<readonly TimelineEntry[]>;

  constructor(
    readonly roomId: string,
    private readonly deps: RoomStoreDeps,
  ) {
    this.outbox = new Outbox({
      transmit: (entry) =>
        this.joinedSignal() &&
        deps.socket.send({ action: 'sendMessage', roomId, clientMsgId: entry.clientMsgId, text: entry.text }),
      scheduler: deps.scheduler,
      ackTimeoutMs: deps.options.ackTimeoutMs,
    });
    this.timeline = computed(() => this.buildTimeline());
  }

  /** Subscribes to the socket; joins at once when it is already open. */
  start(): void {
    const { socket } = this.deps;
    const subscriptions = this.subscriptions;
    subscriptions.add(socket.opened$.subscribe(() => this.join()));
    subscriptions.add(
      socket.state$.pipe(filter((state) => state.kind !== 'open')).subscribe(() => this.onConnectionLost()),
    );
    subscriptions.add(this.roomFrames('message').subscribe((frame) => this.onMessage(frame)));
    subscriptions.add(this.roomFrames('ack').subscribe((frame) => this.onAck(frame)));
    subscriptions.add(this.roomFrames('history').subscribe((frame) => this.onHistory(frame)));
    subscriptions.add(this.roomFrames('presence').subscribe((frame) => this.onPresence(frame)));
    subscriptions.add(socket.frameOf('error').subscribe((frame) => this.onError(frame)));
    if (socket.isOpen()) {
      this.join();
    }
  }

  /** Queues a message; it goes out now if the room is joined, else after the next (re)join. */
  sendMessage(text: string): boolean {
    if (text.trim().length === 0 || text.length > TEXT_MAX_CHARS) {
      return false;
    }
    this.outbox.add(this.deps.newClientMsgId(), text);
    return true;
  }

  retry(clientMsgId: string): void {
    this.outbox.retry(clientMsgId);
  }

  /** Asks for the page before the oldest message held (scrolling up). */
  loadOlder(): void {
    const oldest = this.messagesSignal()[0];
    if (!this.hasOlderSignal() || this.loadingOlderSignal() || oldest === undefined || !this.joinedSignal()) {
      return;
    }
    if (
      this.request({ action: 'history', roomId: this.roomId, before: oldest.messageId, limit: this.pageSize })
    ) {
      this.loadingOlderSignal.set(true);
    }
  }

  /** Leaves the room on the server and stops listening. */
  leave(): void {
    this.deps.socket.send({ action: 'leaveRoom', roomId: this.roomId });
    this.dispose();
  }

  dispose(): void {
    this.joinedPhase.unsubscribe();
    this.subscriptions.unsubscribe();
    this.outbox.dispose();
  }

  private get pageSize(): number {
    return this.deps.options.historyPageSize;
  }

  private join(): void {
    this.joinedSignal.set(false);
    this.deps.socket.send({ action: 'joinRoom', roomId: this.roomId });
  }

  /** The joinRoom answer (a presence frame) arrived: now sends are accepted for this room. */
  private onJoined(): void {
    this.joinedSignal.set(true);
    this.joinedPhase.unsubscribe();
    this.joinedPhase = timer(
      this.deps.options.presenceRefreshMs,
      this.deps.options.presenceRefreshMs,
      this.deps.scheduler,
    ).subscribe(() => this.request({ action: 'whoIsOnline', roomId: this.roomId }));
    this.outbox.flush();
    const newest = this.messagesSignal()[this.messagesSignal().length - 1];
    if (newest === undefined) {
      this.requestCatchUp({ action: 'history', roomId: this.roomId, limit: this.pageSize });
    } else {
      const after = catchUpCursor(newest.messageId, this.deps.options.catchUpOverlapMs);
      this.requestCatchUp({ action: 'history', roomId: this.roomId, after, limit: this.pageSize });
    }
  }

  private requestCatchUp(frame: ClientFrameInput): void {
    this.pendingCatchUp = frame;
    this.request(frame);
  }

  private onConnectionLost(): void {
    this.joinedSignal.set(false);
    this.loadingOlderSignal.set(false);
    this.joinedPhase.unsubscribe();
    this.pendingCatchUp = undefined;
    this.outbox.suspend();
  }

  private onMessage(frame: MessageFrame): void {
    const message = toChatMessage(frame);
    this.outbox.settle(message.clientMsgId);
    this.messagesSignal.update((held) => mergeMessages(held, [message]));
    // A capped list need not name every sender: asking again would only repeat the same page,
    // once per message, from every client of a huge room.
    if (!this.usersTruncatedSignal() && !this.usersSignal().includes(message.sender)) {
      this.request({ action: 'whoIsOnline', roomId: this.roomId });
    }
  }

  private onAck(frame: AckFrame): void {
    const entry = this.outbox.settle(frame.clientMsgId);
    this.sentByMe.update((ids) => new Set(ids).add(frame.clientMsgId));
    if (entry === undefined) {
      return;
    }
    const message: ChatMessage = {
      roomId: this.roomId,
      messageId: frame.messageId,
      clientMsgId: frame.clientMsgId,
      sender: this.deps.userName(),
      text: entry.text,
      sentAt: frame.sentAt,
    };
    this.messagesSignal.update((held) => mergeMessages(held, [message]));
  }

  private onHistory(page: HistoryPageFrame): void {
    this.messagesSignal.update((held) => mergeMessages(held, page.messages));
    if (page.before === undefined) this.pendingCatchUp = undefined;
    if (page.after !== undefined) {
      const after = page.messages[page.messages.length - 1]?.messageId;
      if (page.hasMore && after !== undefined) {
        this.requestCatchUp({ action: 'history', roomId: this.roomId, after, limit: this.pageSize });
      }
      return;
    }
    // A page of older messages (before) or the first page (newest messages, no cursor).
    this.hasOlderSignal.set(page.hasMore);
    this.loadingOlderSignal.set(false);
  }

  private onPresence(frame: PresenceFrame): void {
    this.usersSignal.set(frame.users);
    this.usersTruncatedSignal.set(frame.truncated === true);
    if (!this.joinedSignal()) {
      this.onJoined();
    }
  }

  private onError(frame: ErrorFrame): void {
    if (frame.clientMsgId !== undefined && this.outbox.has(frame.clientMsgId)) {
      this.outbox.fail(frame.clientMsgId, frame.message);
      return;
    }
    if (frame.action === 'joinRoom' && !this.joinedSignal()) {
      // The error frame does not name the room, so every room still waiting re-sends its join.
      this.joinedPhase.unsubscribe();
      this.joinedPhase = timer(this.deps.options.rejoinDelayMs, this.deps.scheduler).subscribe(() =>
        this.join(),
      );
    } else if (frame.action === 'history') {
      this.loadingOlderSignal.set(false);
      // The error frame does not say which request failed; asking a catch-up page twice is harmless.
      const catchUp = this.pendingCatchUp;
      if (catchUp !== undefined && this.joinedSignal()) {
        this.joinedPhase.add(
          timer(this.deps.options.rejoinDelayMs, this.deps.scheduler).subscribe(() => {
            if (this.pendingCatchUp === catchUp) this.request(catchUp);
          }),
        );
      }
    }
  }

  /** Frames of one type that belong to this room (error frames carry no room id). */
  private roomFrames<T extends RoomFrameType>(type: T): Observable<ServerFrameOf<T>> {
    const inThisRoom = (frame: ServerFrameOf<T>): boolean =>
      (frame as { readonly roomId: string }).roomId === this.roomId;
    return this.deps.socket.frameOf(type).pipe(filter(inThisRoom));
  }

  private request(frame: ClientFrameInput): boolean {
    return this.deps.socket.send(frame);
  }

  private buildTimeline(): readonly TimelineEntry[] {
    const me = this.deps.userName();
    const sentByMe = this.sentByMe();
    const confirmed = this.messagesSignal().map((message): TimelineEntry => {
      const mine = sentByMe.has(message.clientMsgId) || message.sender === me;
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
    const unconfirmed = this.outbox.entries().map((entry): TimelineEntry => ({
      key: `outbox:${entry.clientMsgId}`,
      clientMsgId: entry.clientMsgId,
      sender: me,
      text: entry.text,
      mine: true,
      status: entry.status,
      ...(entry.failure === undefined ? {} : { failure: entry.failure }),
    }));
    return [...confirmed, ...unconfirmed];
  }
}
