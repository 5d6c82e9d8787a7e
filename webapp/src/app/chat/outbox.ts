// Messages the user typed that the server has not confirmed yet. An entry stays `pending` across
// disconnects and is resent with the same clientMsgId until an ack (or the delivered message)
// settles it; an error frame or a missing ack marks it `failed`, and retry sends it again. A
// RATE_LIMITED refusal is not a failure: the entry stays pending and goes out again by itself
// once the server's retryAfterMs has passed.
import { signal } from '@angular/core';
import type { SchedulerLike, Subscription } from 'rxjs';

export type OutgoingStatus = 'pending' | 'failed';

export interface OutgoingMessage {
  readonly clientMsgId: string;
  readonly text: string;
  readonly status: OutgoingStatus;
  /** Why it failed, for the tooltip next to the retry button. */
  readonly failure?: string;
}

export interface OutboxDeps {
  /** Puts the sendMessage frame on the wire; false when the room cannot send right now. */
  readonly transmit: (entry: OutgoingMessage) => boolean;
  readonly scheduler: SchedulerLike;
  readonly ackTimeoutMs: number;
}

export class Outbox {
  private readonly entriesSignal = signal<readonly OutgoingMessage[]>([]);
  /** Entries in the order they were typed. */
  readonly entries = this.entriesSignal.asReadonly();
  /** Ack deadlines of the entries sent on the current connection. */
  private readonly inFlight = new Map<string, Subscription>();

  constructor(private readonly deps: OutboxDeps) {}

  add(clientMsgId: string, text: string): void {
    const entry: OutgoingMessage = { clientMsgId, text, status: 'pending' };
    this.entriesSignal.update((entries) => [...entries, entry]);
    this.transmit(entry);
  }

  /** After a (re)connect and re-join: resend every pending entry that is not in flight. */
  flush(): void {
    for (const entry of this.entries()) {
      if (entry.status === 'pending' && !this.inFlight.has(entry.clientMsgId)) {
        this.transmit(entry);
      }
    }
  }

  /** The connection is gone: acks for what was in flight will never come, so resend on flush. */
  suspend(): void {
    for (const deadline of this.inFlight.values()) {
      deadline.unsubscribe();
    }
    this.inFlight.clear();
  }

  has(clientMsgId: string): boolean {
    return this.entries().some((entry) => entry.clientMsgId === clientMsgId);
  }

  /** The server has the message (ack or delivery): the entry leaves the outbox. */
  settle(clientMsgId: string): OutgoingMessage | undefined {
    const entry = this.entries().find((candidate) => candidate.clientMsgId === clientMsgId);
    if (entry !== undefined) {
      this.clearDeadline(clientMsgId);
      this.entriesSignal.update((entries) => entries.filter((candidate) => candidate !== entry));
    }
    return entry;
  }

  fail(clientMsgId: string, failure: string): void {
    this.clearDeadline(clientMsgId);
    this.replace(clientMsgId, (entry) => ({ ...entry, status: 'failed', failure }));
  }

  /**
   * The server refused the entry for now (RATE_LIMITED): it stays pending and is sent again,
   * same clientMsgId, after `delayMs`. Until then it counts as in flight, so a flush does not
   * send it early; a suspend cancels the wait and the next flush sends it.
   */
  resendAfter(clientMsgId: string, delayMs: number): void {
    const entry = this.entries().find((candidate) => candidate.clientMsgId === clientMsgId);
    if (entry === undefined) {
      return;
    }
    this.clearDeadline(clientMsgId);
    this.inFlight.set(
      clientMsgId,
      this.deps.scheduler.schedule(
        () => {
          this.inFlight.delete(clientMsgId);
          const current = this.entries().find((candidate) => candidate.clientMsgId === clientMsgId);
          if (current?.status === 'pending') {
            this.transmit(current);
          }
        },
        Math.max(0, delayMs),
      ),
    );
  }

  /** Sends a failed entry again with the same clientMsgId (the server de-duplicates). */
  retry(clientMsgId: string): void {
    const retried = this.replace(clientMsgId, (entry) =>
      entry.status === 'failed'
        ? { clientMsgId: entry.clientMsgId, text: entry.text, status: 'pending' }
        : entry,
    );
    if (retried?.status === 'pending' && !this.inFlight.has(clientMsgId)) {
      this.transmit(retried);
    }
  }

  dispose(): void {
    this.suspend();
  }

  private transmit(entry: OutgoingMessage): void {
    if (!this.deps.transmit(entry)) {
      return;
    }
    this.inFlight.set(
      entry.clientMsgId,
      this.deps.scheduler.schedule(() => {
        this.inFlight.delete(entry.clientMsgId);
        this.fail(entry.clientMsgId, 'The server did not confirm this message in time');
      }, this.deps.ackTimeoutMs),
    );
  }

  private clearDeadline(clientMsgId: string): void {
    this.inFlight.get(clientMsgId)?.unsubscribe();
    this.inFlight.delete(clientMsgId);
  }

  private replace(
    clientMsgId: string,
    change: (entry: OutgoingMessage) => OutgoingMessage,
  ): OutgoingMessage | undefined {
    let changed: OutgoingMessage | undefined;
    this.entriesSignal.update((entries) =>
      entries.map((entry) => {
        if (entry.clientMsgId !== clientMsgId) {
          return entry;
        }
        changed = change(entry);
        return changed;
      }),
    );
    return changed;
  }
}
