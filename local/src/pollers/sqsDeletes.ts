// Deletes of settled SQS messages, gathered for a few ms into DeleteMessageBatch calls of up to
// ten. A big room's jobs end one by one on different containers; deleting each on its own cost a
// request (and the local cloud's main thread an SDK call) per job. A message's delete is a few ms
// later than it would be, far inside any visibility timeout.

/** SQS takes at most ten entries per DeleteMessageBatch. */
export const DELETE_BATCH_MAX = 10;

interface PendingDelete {
  receiptHandle: string;
  done: () => void;
}

export class SqsDeleteBatcher {
  private pending: PendingDelete[] = [];
  private timer: NodeJS.Timeout | undefined;

  public constructor(
    /** Sends one batch (at most ten handles); reports its own failures and never rejects. */
    private readonly sendBatch: (receiptHandles: string[]) => Promise<void>,
    private readonly lingerMs = 5,
  ) {}

  /** Resolves once every one of these messages was part of a DeleteMessageBatch that returned. */
  public delete(receiptHandles: readonly string[]): Promise<void> {
    if (receiptHandles.length === 0) return Promise.resolve();
    const sent = receiptHandles.map(
      (receiptHandle) => new Promise<void>((done) => this.pending.push({ receiptHandle, done })),
    );
    while (this.pending.length >= DELETE_BATCH_MAX) void this.sendOne();
    if (this.pending.length > 0) this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    return Promise.all(sent).then(() => undefined);
  }

  /** Sends everything still waiting. */
  public flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0) void this.sendOne();
  }

  private async sendOne(): Promise<void> {
    const batch = this.pending.splice(0, DELETE_BATCH_MAX);
    if (this.pending.length === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    try {
      await this.sendBatch(batch.map((entry) => entry.receiptHandle));
    } finally {
      for (const entry of batch) entry.done();
    }
  }
}
