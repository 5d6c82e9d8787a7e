import { byteLength, encodeDeliveryJob } from '../../src/DeliveryJob';
import { JobBatcher, feedShard } from '../../src/JobBatcher';
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
