import { byteLength, encodeDeliveryJob, type QueueJob } from '../../src/deliveryJob';
import type { DeliveryQueue } from '../../src/deliveryQueue';
import { JobBatcher, feedShard } from '../../src/jobBatcher';
import { FakeDirectory, RecordingMetrics, RecordingQueue } from './support/fakes';

const template = {
  roomId: 'r',
  messageId: '01JDQ5V3000000000000000009',
  payload: '{"type":"message"}',
  attempt: 1,
};

function batcher(batchSize: number, maxJobBytes = 256 * 1024) {
  const queue = new RecordingQueue();
  const metrics = new RecordingMetrics();
  return { queue, metrics, batcher: new JobBatcher(template, { queue, metrics, batchSize, maxJobBytes }) };
}

describe('JobBatcher', () => {
  it('cuts jobs of K ids, keeps order and counts what it enqueued', async () => {
    const { queue, metrics, batcher: jobs } = batcher(3);
    await jobs.add(['a', 'b', 'c', 'd']);
    await jobs.add(['e']);
    await jobs.finish();
    expect(queue.allJobs().map((job) => job.connectionIds)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    expect(queue.allJobs()[0]).toEqual({ ...template, connectionIds: ['a', 'b', 'c'] });
    expect(jobs.connections).toBe(5);
    expect(jobs.jobs).toBe(2);
    expect(metrics.get('JobsEnqueued')).toBe(2);
  });

  it('flushes as soon as ten jobs are ready, before finish', async () => {
    const { queue, batcher: jobs } = batcher(1);
    await jobs.add(Array.from({ length: 11 }, (_, i) => `c${i}`));
    expect(queue.enqueued.map((call) => call.length)).toEqual([10]);
    await jobs.finish();
    expect(queue.enqueued.map((call) => call.length)).toEqual([10, 1]);
  });

  it('cuts on the bytes of the encoded body, where non-ASCII ids are escaped', async () => {
    const maxJobBytes = byteLength(encodeDeliveryJob({ ...template, connectionIds: [] })) + 70;
    const { queue, batcher: jobs } = batcher(100, maxJobBytes);
    // "\u00e9" × 5 in quotes: 32 bytes each in the body, plus a comma; two fit in 70, three do not.
    await jobs.add(['ééééé', 'ééééé', 'ééééé']);
    await jobs.finish();
    for (const job of queue.allJobs())
      expect(byteLength(encodeDeliveryJob(job))).toBeLessThanOrEqual(maxJobBytes);
    expect(queue.allJobs().map((job) => job.connectionIds.length)).toEqual([2, 1]);
  });
});

/** A queue whose enqueues stay pending until the test settles them, one by one. */
class GatedQueue implements Pick<DeliveryQueue, 'enqueue'> {
  public readonly calls: { jobs: readonly QueueJob[]; settle: (error?: Error) => void }[] = [];
  public inFlight = 0;
  public maxInFlight = 0;

  public enqueue(jobs: readonly QueueJob[]): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve, reject) => {
      this.calls.push({
        jobs,
        settle: (error) => {
          this.inFlight -= 1;
          if (error) reject(error);
          else resolve();
        },
      });
    });
  }
}

function gatedBatcher(enqueueConcurrency: number) {
  const queue = new GatedQueue();
  const metrics = new RecordingMetrics();
  const jobs = new JobBatcher(template, {
    queue: queue as unknown as DeliveryQueue,
    metrics,
    batchSize: 1,
    maxJobBytes: 256 * 1024,
    enqueueConcurrency,
  });
  return { queue, metrics, jobs };
}

const ids = (count: number, prefix = 'c') => Array.from({ length: count }, (_, i) => `${prefix}${i}`);

describe('JobBatcher.takeSoleJob', () => {
  it('takes the whole room as one job when nothing was cut, and leaves nothing to enqueue', async () => {
    const { queue, batcher: jobs } = batcher(5);
    await jobs.add(['a', 'b']);
    expect(jobs.takeSoleJob(5)).toEqual({ ...template, connectionIds: ['a', 'b'] });
    await jobs.finish();
    expect(queue.enqueued).toHaveLength(0);
    expect(jobs.connections).toBe(2);
  });

  it('leaves the batcher untouched for more ids than allowed, an empty room or a cut job', async () => {
    const over = batcher(5);
    await over.batcher.add(['a', 'b', 'c']);
    expect(over.batcher.takeSoleJob(2)).toBeUndefined();
    await over.batcher.finish();
    expect(over.queue.allJobs().map((job) => job.connectionIds)).toEqual([['a', 'b', 'c']]);

    expect(batcher(5).batcher.takeSoleJob(5)).toBeUndefined();

    const cut = batcher(2);
    await cut.batcher.add(['a', 'b', 'c']);
    expect(cut.batcher.takeSoleJob(50)).toBeUndefined();
    await cut.batcher.finish();
    expect(cut.queue.allJobs().map((job) => job.connectionIds)).toEqual([['a', 'b'], ['c']]);
  });
});

describe('JobBatcher enqueues while paging goes on', () => {
  it('returns from add while its SendMessageBatch is still in flight', async () => {
    const { queue, jobs } = gatedBatcher(3);
    // Jobs of one id: the tenth is cut when the eleventh id arrives, and the batch of ten leaves.
    await jobs.add(ids(11));
    expect(queue.calls).toHaveLength(1);
    await jobs.add(ids(10, 'd')); // the next page is read and sent while the first is pending
    expect(queue.calls).toHaveLength(2);
    expect(queue.inFlight).toBe(2);
  });

  it('keeps at most enqueueConcurrency batches in flight, and finish waits for all of them', async () => {
    const { queue, metrics, jobs } = gatedBatcher(3);
    await jobs.add(ids(21));
    let thirdAdded = false;
    const third = jobs.add(ids(10, 'x')).then(() => (thirdAdded = true));
    await Promise.resolve();
    expect(queue.calls).toHaveLength(3);
    expect(thirdAdded).toBe(false); // three in flight: paging waits until one is done
    queue.calls[0]?.settle();
    await third;
    expect(queue.maxInFlight).toBe(3);
    let finished = false;
    const finish = jobs.finish().then(() => (finished = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(false);
    for (const call of queue.calls.slice(1)) call.settle();
    await finish;
    expect(jobs.jobs).toBe(31);
    expect(metrics.get('JobsEnqueued')).toBe(31);
    expect(queue.calls.flatMap((call) => call.jobs).length).toBe(31);
  });

  it('fails finish with the first enqueue error, and stops taking pages once one failed', async () => {
    const { queue, jobs } = gatedBatcher(4);
    await jobs.add(ids(11));
    queue.calls[0]?.settle(new Error('SQS refused 2 delivery job(s)'));
    await new Promise((resolve) => setImmediate(resolve));
    await expect(jobs.add(ids(10, 'y'))).rejects.toThrow('SQS refused 2 delivery job(s)');
    await expect(jobs.finish()).rejects.toThrow('SQS refused 2 delivery job(s)');
    expect(jobs.jobs).toBe(0);
  });
});

describe('feedShard', () => {
  it('returns the cursor of the rest once the budget is spent', async () => {
    const directory = new FakeDirectory(1, { r: [[['a', 'b'], ['c', 'd'], ['e']]] });
    const { batcher: jobs } = batcher(10);
    expect(await feedShard(directory, jobs, 'r', 0, { budget: 3 })).toEqual({ pk: 'ROOM#r#0', page: '1' });
    expect(jobs.connections).toBe(4);
  });

  it('reads the whole shard without a budget', async () => {
    const directory = new FakeDirectory(1, { r: [[['a', 'b'], ['c']]] });
    const { batcher: jobs } = batcher(10);
    expect(await feedShard(directory, jobs, 'r', 0)).toBeUndefined();
    expect(jobs.connections).toBe(3);
  });
});
