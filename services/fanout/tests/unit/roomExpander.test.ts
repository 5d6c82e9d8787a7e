import { RoomExpander } from '../../src/roomExpander';
import type { ExpandJob } from '../../src/deliveryJob';
import { FakeDirectory, RecordingMetrics, RecordingQueue, silentLog } from './support/fakes';

function ids(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}=`);
}

const pages = Array.from({ length: 7 }, (_, page) => ids(`p${page}-`, 10));

function setup(expandAfter: number) {
  const directory = new FakeDirectory(2, { huge: [[], pages] });
  const queue = new RecordingQueue();
  const metrics = new RecordingMetrics();
  const expander = new RoomExpander({ directory, queue, metrics, batchSize: 10, expandAfter });
  return { directory, queue, metrics, expander };
}

function expandJob(overrides: Partial<ExpandJob> = {}): ExpandJob {
  return {
    kind: 'expand',
    roomId: 'huge',
    messageId: '01JDQ5V3000000000000000001',
    payload: '{"type":"message"}',
    shard: 1,
    cursor: { pk: 'ROOM#huge#1', page: '1' },
    ...overrides,
  };
}

describe('RoomExpander', () => {
  it('pages from the cursor, enqueues delivery jobs (attempt 1) and chains the rest', async () => {
    const { expander, queue, directory } = setup(30);
    const job = expandJob();

    const report = await expander.expand(job, silentLog);

    expect(directory.startedFrom).toEqual([{ pk: 'ROOM#huge#1', page: '1' }]);
    expect(queue.allJobs().flatMap((delivery) => delivery.connectionIds)).toEqual(pages.slice(2, 5).flat());
    for (const delivery of queue.allJobs()) {
      expect(delivery).toMatchObject({
        roomId: 'huge',
        messageId: job.messageId,
        payload: job.payload,
        attempt: 1,
      });
    }
    expect(queue.expandJobs()).toEqual([{ ...job, cursor: { pk: 'ROOM#huge#1', page: '4' } }]);
    expect(report).toEqual({ connections: 30, jobs: 3, continued: true });
  });

  it('finishes the shard without chaining when the rest fits the budget', async () => {
    const { expander, queue } = setup(1000);
    const report = await expander.expand(expandJob(), silentLog);
    expect(queue.expandJobs()).toEqual([]);
    expect(report).toEqual({ connections: 50, jobs: 5, continued: false });
  });

  it('starts at the beginning of the shard without a cursor', async () => {
    const { expander, queue } = setup(1000);
    const { cursor: _cursor, ...fromStart } = expandJob();
    await expander.expand(fromStart, silentLog);
    expect(queue.allJobs().flatMap((delivery) => delivery.connectionIds)).toEqual(pages.flat());
  });

  it('fails when the delivery jobs cannot be enqueued (the expand job is redelivered)', async () => {
    const { expander, queue } = setup(30);
    queue.enqueue = async () => {
      throw new Error('SQS unavailable');
    };
    await expect(expander.expand(expandJob(), silentLog)).rejects.toThrow('SQS unavailable');
  });
});
