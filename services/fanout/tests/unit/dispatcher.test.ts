import { parseServerFrame } from '@chorus/protocol';
import { encodeDeliveryJob, byteLength } from '../../src/deliveryJob';
import { Dispatcher } from '../../src/dispatcher';
import {
  FakeDirectory,
  FakeGateway,
  RecordingMetrics,
  RecordingQueue,
  chatMessage,
  sdkError,
  silentLog,
  testDeliveryWorker,
} from './support/fakes';

function ids(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}=`);
}

function setup(
  rooms: Record<string, string[][][]>,
  shards: number,
  batchSize: number,
  maxJobBytes?: number,
  expandAfter?: number,
) {
  const directory = new FakeDirectory(shards, rooms);
  const queue = new RecordingQueue();
  const metrics = new RecordingMetrics();
  const dispatcher = new Dispatcher({
    directory,
    queue,
    metrics,
    batchSize,
    ...(maxJobBytes ? { maxJobBytes } : {}),
    ...(expandAfter === undefined ? {} : { expandAfter }),
  });
  return { directory, queue, metrics, dispatcher };
}

describe('Dispatcher', () => {
  it('delivers to every connection of every shard, each exactly once, in jobs of at most K', async () => {
    const rooms = { lobby: [[ids('s0-', 7), ids('s0b-', 5)], [ids('s1-', 3)], [], [ids('s3-', 11)]] };
    const { queue, dispatcher } = setup(rooms, 4, 4);

    const result = await dispatcher.dispatch(chatMessage({ roomId: 'lobby' }));

    const jobs = queue.allJobs();
    const delivered = jobs.flatMap((job) => job.connectionIds);
    const expected = rooms.lobby.flat(2);
    expect(delivered.sort()).toEqual([...expected].sort());
    expect(jobs.every((job) => job.connectionIds.length <= 4)).toBe(true);
    expect(jobs.length).toBe(Math.ceil(expected.length / 4));
    expect(result).toEqual({ connections: expected.length, jobs: jobs.length, expanded: 0, inline: 0 });
  });

  it('builds the message frame once and puts the same payload in every job, attempt 1', async () => {
    const { queue, dispatcher } = setup({ r1: [[ids('c', 9)]] }, 1, 2);
    const message = chatMessage({ roomId: 'r1', text: 'héllo ✓' });

    await dispatcher.dispatch(message);

    const jobs = queue.allJobs();
    const payloads = new Set(jobs.map((job) => job.payload));
    expect(payloads.size).toBe(1);
    const frame = parseServerFrame([...payloads][0] as string);
    expect(frame).toEqual({ type: 'message', ...message });
    for (const job of jobs) {
      expect(job).toMatchObject({
        roomId: 'r1',
        messageId: message.messageId,
        attempt: 1,
      });
    }
  });

  it('hands jobs to the queue at most ten at a time', async () => {
    const { queue, dispatcher, metrics } = setup({ big: [[ids('a', 230)], [ids('b', 170)]] }, 2, 10);

    await dispatcher.dispatch(chatMessage({ roomId: 'big' }));

    expect(queue.enqueued.every((batch) => batch.length <= 10)).toBe(true);
    expect(queue.allJobs()).toHaveLength(40);
    expect(metrics.get('JobsEnqueued')).toBe(40);
  });

  it('streams jobs out while still paging (does not collect the whole room first)', async () => {
    const pages = Array.from({ length: 30 }, (_, page) => ids(`p${page}-`, 10));
    const { directory, queue, dispatcher } = setup({ huge: [pages] }, 1, 10);
    let servedAtFirstEnqueue = -1;
    const enqueue = queue.enqueue.bind(queue);
    queue.enqueue = async (jobs) => {
      if (servedAtFirstEnqueue < 0) servedAtFirstEnqueue = directory.pagesServed.length;
      await enqueue(jobs);
    };

    await dispatcher.dispatch(chatMessage({ roomId: 'huge' }));

    expect(servedAtFirstEnqueue).toBeGreaterThan(0);
    expect(servedAtFirstEnqueue).toBeLessThan(pages.length);
    expect(queue.allJobs()).toHaveLength(30);
  });

  it('cuts a job before K when the ids would push it past the byte ceiling', async () => {
    const longIds = ids('x'.repeat(200), 50);
    const maxJobBytes = 2000;
    const { queue, dispatcher } = setup({ wide: [[longIds]] }, 1, 100, maxJobBytes);

    await dispatcher.dispatch(chatMessage({ roomId: 'wide' }));

    const jobs = queue.allJobs();
    expect(jobs.length).toBeGreaterThan(1);
    for (const job of jobs) expect(byteLength(encodeDeliveryJob(job))).toBeLessThanOrEqual(maxJobBytes);
    expect(jobs.flatMap((job) => job.connectionIds)).toEqual(longIds);
  });

  it('enqueues nothing for an empty room', async () => {
    const { queue, dispatcher } = setup({}, 4, 100);
    await expect(dispatcher.dispatch(chatMessage({ roomId: 'empty' }))).resolves.toEqual({
      connections: 0,
      jobs: 0,
      expanded: 0,
      inline: 0,
    });
    expect(queue.enqueued).toHaveLength(0);
  });

  it('fails when a shard cannot be read, so the stream retries the record', async () => {
    const { directory, dispatcher } = setup({ r: [[ids('a', 3)], [ids('b', 3)]] }, 2, 100);
    directory.roomShardPages = async function* (_roomId: string, shard: number) {
      if (shard === 1) throw new Error('ProvisionedThroughputExceededException');
      yield { connectionIds: ['a0='] };
    };
    await expect(dispatcher.dispatch(chatMessage({ roomId: 'r' }))).rejects.toThrow('ProvisionedThroughput');
  });

  it('fails when the queue refuses the jobs', async () => {
    const { queue, dispatcher } = setup({ r: [[ids('a', 3)]] }, 1, 100);
    queue.enqueue = async () => {
      throw new Error('SQS down');
    };
    await expect(dispatcher.dispatch(chatMessage({ roomId: 'r' }))).rejects.toThrow('SQS down');
  });

  describe('very large rooms (expandAfter)', () => {
    it('pages only the first expandAfter ids of a shard and hands the rest to an expand job', async () => {
      const pages = Array.from({ length: 6 }, (_, page) => ids(`p${page}-`, 10));
      const { queue, dispatcher } = setup({ huge: [pages, [ids('small-', 5)]] }, 2, 10, undefined, 25);
      const message = chatMessage({ roomId: 'huge' });

      const result = await dispatcher.dispatch(message);

      // Shard 0: three pages (30 ids ≥ 25) here, the rest by a worker; shard 1 fits the budget.
      const delivered = queue.allJobs().flatMap((job) => job.connectionIds);
      expect(delivered.sort()).toEqual([...pages.slice(0, 3).flat(), ...ids('small-', 5)].sort());
      expect(queue.expandJobs()).toEqual([
        {
          kind: 'expand',
          roomId: 'huge',
          messageId: message.messageId,
          payload: queue.allJobs()[0]?.payload,
          shard: 0,
          cursor: { pk: 'ROOM#huge#0', page: '2' },
        },
      ]);
      expect(result).toEqual({ connections: 35, jobs: 4, expanded: 1, inline: 0 });
    });

    it('does not expand a shard whose last page ends exactly at the budget', async () => {
      const { queue, dispatcher } = setup({ r: [[ids('a', 10), ids('b', 10)]] }, 1, 10, undefined, 20);
      await dispatcher.dispatch(chatMessage({ roomId: 'r' }));
      expect(queue.expandJobs()).toEqual([]);
      expect(queue.allJobs()).toHaveLength(2);
    });

    it('never expands when expandAfter is 0', async () => {
      const pages = Array.from({ length: 5 }, (_, page) => ids(`p${page}-`, 10));
      const { queue, dispatcher } = setup({ r: [pages] }, 1, 10, undefined, 0);
      await dispatcher.dispatch(chatMessage({ roomId: 'r' }));
      expect(queue.expandJobs()).toEqual([]);
      expect(queue.allJobs()).toHaveLength(5);
    });
  });

  describe('small rooms posted by the dispatcher (inline)', () => {
    function inlineSetup(
      rooms: Record<string, string[][][]>,
      options: { shards?: number; batchSize?: number; maxConnections?: number; gateway?: FakeGateway } = {},
    ) {
      const directory = new FakeDirectory(options.shards ?? 4, rooms);
      const queue = new RecordingQueue();
      const metrics = new RecordingMetrics();
      const gateway = options.gateway ?? new FakeGateway();
      // The real worker (fakes only at its edges): inline delivery is the worker's own logic.
      const worker = testDeliveryWorker({ gateway, directory, queue, metrics });
      const dispatcher = new Dispatcher({
        directory,
        queue,
        metrics,
        batchSize: options.batchSize ?? 50,
        inline: { worker, maxConnections: options.maxConnections ?? 50 },
      });
      return { directory, queue, metrics, gateway, dispatcher };
    }

    it('posts a room of one job itself, to every member once, and enqueues nothing', async () => {
      const rooms = { duo: [[['a=']], [], [['b=']], []] };
      const { queue, gateway, metrics, dispatcher } = inlineSetup(rooms);
      const message = chatMessage({ roomId: 'duo', text: 'hi 👋' });

      const result = await dispatcher.dispatch(message, { log: silentLog });

      expect(result).toEqual({ connections: 2, jobs: 0, expanded: 0, inline: 2 });
      expect(queue.enqueued).toHaveLength(0);
      expect(gateway.posts.map((post) => post.connectionId).sort()).toEqual(['a=', 'b=']);
      for (const post of gateway.posts)
        expect(parseServerFrame(post.data)).toEqual({ type: 'message', ...message });
      expect(metrics.get('DispatchedInline')).toBe(1);
      expect(metrics.get('Deliveries')).toBe(2);
    });

    it('hands only the connections that keep failing to the queue, as a retry job (attempt 2)', async () => {
      const gateway = new FakeGateway((id) =>
        id === 'b=' ? sdkError('LimitExceededException', 429) : undefined,
      );
      const { queue, dispatcher } = inlineSetup({ trio: [[['a=', 'b=', 'c=']]] }, { gateway });

      await dispatcher.dispatch(chatMessage({ roomId: 'trio' }));

      expect(gateway.callsTo('a=')).toBe(1);
      expect(gateway.callsTo('c=')).toBe(1);
      expect(queue.enqueued).toHaveLength(0);
      expect(queue.requeued).toHaveLength(1);
      expect(queue.requeued[0]?.job).toMatchObject({ connectionIds: ['b='], attempt: 2 });
    });

    it('drops a gone (410) recipient like a worker does', async () => {
      const gateway = new FakeGateway((id) => (id === 'gone=' ? sdkError('GoneException', 410) : undefined));
      const { directory, queue, dispatcher } = inlineSetup({ r: [[['ok=', 'gone=']]] }, { gateway });

      await dispatcher.dispatch(chatMessage({ roomId: 'r' }));

      expect(directory.deleted).toEqual(['gone=']);
      expect(queue.requeued).toHaveLength(0);
    });

    it('enqueues the connections it did not reach before the deadline, at the same attempt', async () => {
      const { queue, gateway, dispatcher } = inlineSetup({ r: [[['a=', 'b=']]] });

      await dispatcher.dispatch(chatMessage({ roomId: 'r' }), { log: silentLog, deadline: Date.now() - 1 });

      expect(gateway.posts).toHaveLength(0);
      expect(queue.requeued).toEqual([{ job: expect.objectContaining({ attempt: 1 }), delaySeconds: 0 }]);
      expect(queue.requeued[0]?.job.connectionIds.sort()).toEqual(['a=', 'b=']);
    });

    it('fails the record when the retry job cannot be enqueued, so the stream replays it', async () => {
      const gateway = new FakeGateway(() => sdkError('InternalServerErrorException', 500));
      const { queue, dispatcher } = inlineSetup({ r: [[['a=']]] }, { gateway });
      queue.failRequeue = new Error('SQS down');

      await expect(dispatcher.dispatch(chatMessage({ roomId: 'r' }))).rejects.toThrow('SQS down');
    });

    it('sends a room bigger than maxConnections through the queue', async () => {
      const { queue, gateway, dispatcher } = inlineSetup({ r: [[ids('a', 6)]] }, { maxConnections: 5 });

      const result = await dispatcher.dispatch(chatMessage({ roomId: 'r' }));

      expect(result).toMatchObject({ connections: 6, jobs: 1, inline: 0 });
      expect(gateway.posts).toHaveLength(0);
      expect(queue.allJobs()).toHaveLength(1);
    });

    it('sends a room of several jobs through the queue, whatever maxConnections says', async () => {
      const { queue, gateway, dispatcher } = inlineSetup(
        { r: [[ids('a', 7)]] },
        { batchSize: 3, maxConnections: 100 },
      );

      await dispatcher.dispatch(chatMessage({ roomId: 'r' }));

      expect(gateway.posts).toHaveLength(0);
      expect(queue.allJobs().map((job) => job.connectionIds.length)).toEqual([3, 3, 1]);
    });

    it('never posts inline when maxConnections is 0', async () => {
      const { queue, gateway, dispatcher } = inlineSetup({ r: [[['a=']]] }, { maxConnections: 0 });
      await dispatcher.dispatch(chatMessage({ roomId: 'r' }));
      expect(gateway.posts).toHaveLength(0);
      expect(queue.allJobs()).toHaveLength(1);
    });
  });
});
