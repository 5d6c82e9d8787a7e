import { Teardown } from '../../../bench/teardown';

describe('Teardown', () => {
  it('stops everything newest first, once, and reports the steps that failed', async () => {
    const order: string[] = [];
    const teardown = new Teardown();
    teardown.add('cloud', async () => order.push('cloud'));
    teardown.add('sockets', async () => {
      order.push('sockets');
      throw new Error('already closed');
    });
    const failures = await teardown.runAll();
    await teardown.runAll();
    expect(order).toEqual(['sockets', 'cloud']);
    expect(failures).toEqual(['sockets: already closed']);
  });

  it('skips a step its owner already released', async () => {
    const stop = jest.fn(async () => undefined);
    const teardown = new Teardown();
    const release = teardown.add('cloud', stop);
    release();
    await teardown.runAll();
    expect(stop).not.toHaveBeenCalled();
  });
});
