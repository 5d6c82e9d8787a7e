import { SqsDeleteBatcher } from '../../../src/pollers/sqsDeletes';

function recordingBatcher(lingerMs = 5) {
  const batches: string[][] = [];
  const release: Array<() => void> = [];
  const batcher = new SqsDeleteBatcher(async (handles) => {
    batches.push(handles);
    await new Promise<void>((resolve) => release.push(resolve));
  }, lingerMs);
  const releaseAll = () => release.splice(0).forEach((resolve) => resolve());
  return { batcher, batches, releaseAll };
}

describe('SqsDeleteBatcher', () => {
  it('gathers the deletes of invocations that end close together into one DeleteMessageBatch', async () => {
    const { batcher, batches, releaseAll } = recordingBatcher();
    let settled = 0;
    const first = batcher.delete(['a']).then(() => (settled += 1));
    const second = batcher.delete(['b', 'c']).then(() => (settled += 1));
    expect(batches).toEqual([]); // waits a few ms for company

    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([['a', 'b', 'c']]);
    expect(settled).toBe(0); // not before the call returned
    releaseAll();
    await Promise.all([first, second]);
    expect(settled).toBe(2);
  });

  it('sends at once when ten are waiting, and never more than ten per call', async () => {
    const { batcher, batches, releaseAll } = recordingBatcher(60_000);
    const handles = Array.from({ length: 23 }, (_, i) => `h${i}`);
    const done = batcher.delete(handles);
    expect(batches.map((batch) => batch.length)).toEqual([10, 10]);
    batcher.flush();
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 3]);
    expect(batches.flat()).toEqual(handles);
    releaseAll();
    await done;
  });

  it('resolves an empty delete at once and sends nothing', async () => {
    const { batcher, batches } = recordingBatcher();
    await batcher.delete([]);
    batcher.flush();
    expect(batches).toEqual([]);
  });
});
