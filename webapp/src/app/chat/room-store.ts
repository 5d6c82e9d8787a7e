// One room, composed of its parts: the timeline, the outbox of unconfirmed sends, the history
// loader and presence. The store owns the join: after every (re)connect it re-joins, and once the
// server answers (a presence frame) it resends the outbox, catches up and polls presence.
import { signal, type Signal } from '@angular/core';
import { Subscription, filter, timer, type SchedulerLike } from 'rxjs';
import type { AckFrame, ClientFrameInput, ErrorFrame, MessageFrame, PresenceFrame } from '@chorus/protocol';

/** Shown when a private room does not admit this user (the server says no more, on purpose). */
export const FORBIDDEN_NOTICE =
  'This room is private and you are not on its member list. Ask its owner to add your user id (shown at the top), then try again.';
/** Routes that answer FORBIDDEN only to a connection not (any more) in the room. */
const MEMBER_ROUTES: ReadonlySet<string> = new Set(['sendMessage', 'history', 'whoIsOnline']);
/** Shown when the owner took this user off the room's member list. */
export const REMOVED_NOTICE = 'The owner removed you from this room: you no longer receive its messages.';
import { ErrorCode, TEXT_MAX_CHARS } from '@chorus/protocol';
import type { ChatRoomOptions } from './chat-options';
import { toChatMessage } from './message-order';
import { Outbox } from './outbox';
import { RoomHistory } from './room-history';
import { RoomPresence } from './room-presence';
import { roomErrors, roomFrames, type RoomSocket } from './room-socket';
import { RoomTimeline, type TimelineEntry } from './room-timeline';

export interface RoomStoreDeps {
  readonly socket: RoomSocket;
  readonly scheduler: SchedulerLike;
  readonly options: ChatRoomOptions;
  readonly newClientMsgId: () => string;
  /** The display name this client connected with (own messages are marked). */
  readonly userName: () => string;
  readonly userId: () => string;
}

export class RoomStore {
  private readonly joinedSignal = signal(false);
  private readonly joinRefusedSignal = signal<string | undefined>(undefined);
  private readonly outbox: Outbox;
  private readonly roomTimeline: RoomTimeline;
  private readonly history: RoomHistory;
  private readonly presence: RoomPresence;
  private readonly subscriptions = new Subscription();
  /** The delayed re-join after the server refused a joinRoom. */
  private rejoin = new Subscription();

  readonly joined = this.joinedSignal.asReadonly();
  /**
   * Why the server will not let this connection join (TOO_MANY_ROOMS, FORBIDDEN, removed by the
   * owner); asking again on its own cannot help, `retryJoin` asks once more.
   */
  readonly joinRefused = this.joinRefusedSignal.asReadonly();
  readonly messages: RoomTimeline['messages'];
  /** Confirmed messages in id order, then this client's unconfirmed ones in typing order. */
  readonly timeline: Signal<readonly TimelineEntry[]>;
  readonly hasOlder: RoomHistory['hasOlder'];
  readonly loadingOlder: RoomHistory['loadingOlder'];
  readonly users: RoomPresence['users'];
  /** True when the room has more people online than `users` lists (the server caps presence). */
  readonly usersTruncated: RoomPresence['truncated'];

  constructor(
    readonly roomId: string,
    private readonly deps: RoomStoreDeps,
  ) {
    const { scheduler, options } = deps;
    const request = (frame: ClientFrameInput): boolean => deps.socket.send(frame);
    this.outbox = new Outbox({
      transmit: (entry) =>
        this.joinedSignal() &&
        deps.socket.send({ action: 'sendMessage', roomId, clientMsgId: entry.clientMsgId, text: entry.text }),
      scheduler,
      ackTimeoutMs: options.ackTimeoutMs,
    });
    this.roomTimeline = new RoomTimeline(this.outbox.entries, deps.userName, deps.userId);
    this.history = new RoomHistory({
      roomId,
      timeline: this.roomTimeline,
      request,
      isJoined: this.joinedSignal,
      scheduler,
      options,
    });
    this.presence = new RoomPresence({ roomId, request, scheduler, refreshMs: options.presenceRefreshMs });
    this.messages = this.roomTimeline.messages;
    this.timeline = this.roomTimeline.entries;
    this.hasOlder = this.history.hasOlder;
    this.loadingOlder = this.history.loadingOlder;
    this.users = this.presence.users;
    this.usersTruncated = this.presence.truncated;
  }

  /** Subscribes to the socket; joins at once when it is already open. */
  start(): void {
    const { socket } = this.deps;
    const subscriptions = this.subscriptions;
    subscriptions.add(socket.opened$.subscribe(() => this.join()));
    subscriptions.add(
      socket.state$.pipe(filter((state) => state.kind !== 'open')).subscribe(() => this.onConnectionLost()),
    );
    subscriptions.add(roomFrames(socket, 'message', this.roomId).subscribe((frame) => this.onMessage(frame)));
    subscriptions.add(roomFrames(socket, 'ack', this.roomId).subscribe((frame) => this.onAck(frame)));
    subscriptions.add(
      roomFrames(socket, 'history', this.roomId).subscribe((page) => this.history.onPage(page)),
    );
    subscriptions.add(
      roomFrames(socket, 'presence', this.roomId).subscribe((frame) => this.onPresence(frame)),
    );
    subscriptions.add(roomFrames(socket, 'removed', this.roomId).subscribe(() => this.onRemoved()));
    subscriptions.add(roomErrors(socket, this.roomId).subscribe((frame) => this.onError(frame)));
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

  /** Asks to join once more after a refusal (e.g. the owner has added this user meanwhile). */
  retryJoin(): void {
    this.joinRefusedSignal.set(undefined);
    if (this.deps.socket.isOpen()) {
      this.join();
    }
  }

  /** Asks for the page before the oldest message held (scrolling up). */
  loadOlder(): void {
    this.history.loadOlder();
  }

  /** Leaves the room on the server and stops listening. */
  leave(): void {
    this.deps.socket.send({ action: 'leaveRoom', roomId: this.roomId });
    this.dispose();
  }

  dispose(): void {
    this.rejoin.unsubscribe();
    this.presence.stopPolling();
    this.history.reset();
    this.subscriptions.unsubscribe();
    this.outbox.dispose();
  }

  private join(): void {
    this.joinedSignal.set(false);
    this.deps.socket.send({ action: 'joinRoom', roomId: this.roomId });
  }

  /** The joinRoom answer (a presence frame) arrived: now sends are accepted for this room. */
  private onJoined(): void {
    this.joinedSignal.set(true);
    this.rejoin.unsubscribe();
    this.presence.startPolling();
    this.outbox.flush();
    this.history.catchUp();
  }

  private onConnectionLost(): void {
    this.joinedSignal.set(false);
    this.rejoin.unsubscribe();
    this.presence.stopPolling();
    this.history.reset();
    this.outbox.suspend();
  }

  private onMessage(frame: MessageFrame): void {
    const message = toChatMessage(frame);
    this.outbox.settle(message.clientMsgId);
    this.roomTimeline.add([message]);
    this.presence.noteSender(message.sender);
  }

  private onAck(frame: AckFrame): void {
    const entry = this.outbox.settle(frame.clientMsgId);
    this.roomTimeline.markSentByMe(frame.clientMsgId);
    if (entry === undefined) {
      return;
    }
    this.roomTimeline.add([
      {
        roomId: this.roomId,
        messageId: frame.messageId,
        clientMsgId: frame.clientMsgId,
        sender: this.deps.userName(),
        senderId: this.deps.userId(),
        text: entry.text,
        sentAt: frame.sentAt,
      },
    ]);
  }

  /** The owner removed this user: the server has taken the membership away already. */
  private onRemoved(): void {
    this.onConnectionLost();
    this.joinRefusedSignal.set(REMOVED_NOTICE);
  }

  private onPresence(frame: PresenceFrame): void {
    this.presence.update(frame);
    if (!this.joinedSignal()) {
      this.onJoined();
    }
  }

  private onError(frame: ErrorFrame): void {
    if (frame.clientMsgId !== undefined && this.outbox.has(frame.clientMsgId)) {
      if (frame.code === ErrorCode.RATE_LIMITED && frame.retryAfterMs !== undefined) {
        // Sending too fast: wait as long as the server says, then send the same message again.
        this.outbox.resendAfter(frame.clientMsgId, frame.retryAfterMs);
      } else {
        this.outbox.fail(frame.clientMsgId, frame.message);
      }
      return;
    }
    if (frame.action === 'joinRoom' && frame.code === ErrorCode.TOO_MANY_ROOMS) {
      // Not transient: re-asking every rejoinDelayMs would only be refused again.
      this.rejoin.unsubscribe();
      this.joinRefusedSignal.set(frame.message);
    } else if (frame.action === 'joinRoom' && frame.code === ErrorCode.FORBIDDEN) {
      // Private and not a member: only the owner can change that, so no automatic re-asking.
      this.rejoin.unsubscribe();
      this.joinRefusedSignal.set(FORBIDDEN_NOTICE);
    } else if (
      frame.code === ErrorCode.FORBIDDEN &&
      this.joinedSignal() &&
      MEMBER_ROUTES.has(frame.action ?? '')
    ) {
      // A route refused a room we thought joined: the membership is gone (removed by the owner
      // on another path, or expired). Join again, which tells us which.
      this.onConnectionLost();
      this.join();
    } else if (frame.action === 'joinRoom' && !this.joinedSignal()) {
      this.rejoin.unsubscribe();
      this.rejoin = timer(this.deps.options.rejoinDelayMs, this.deps.scheduler).subscribe(() => this.join());
    } else if (frame.action === 'history') {
      this.history.onRefused(frame.code === ErrorCode.RATE_LIMITED ? frame.retryAfterMs : undefined);
    }
  }
}
