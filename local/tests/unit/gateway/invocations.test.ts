import { InvocationTracker } from '../../../src/gateway/invocations';
import type { InvokeResult, LambdaInvoker } from '../../../src/runtime/types';
import { deferred } from './support/fakeInvoker';

const invokerOf = (invoke: LambdaInvoker['invoke']): LambdaInvoker => ({ invoke });

describe('InvocationTracker', () => {
  it('passes results through', async () => {
    const tracker = new InvocationTracker(invokerOf(async () => ({ ok: true, requestId: 'r', result: 42 })));
    await expect(tracker.invoke('fn', {})).resolves.toEqual({ ok: true, requestId: 'r', result: 42 });
  });

  it('turns a rejected invoke into a failed outcome', async () => {
    const tracker = new InvocationTracker(
      invokerOf(async () => {
        throw new TypeError('worker crashed');
      }),
    );
    await expect(tracker.invoke('fn', {})).resolves.toMatchObject({
      ok: false,
      error: { name: 'TypeError', message: 'worker crashed' },
    });
  });

  it('times out without abandoning the call, and drain() waits for it', async () => {
    const release = deferred<InvokeResult>();
    const tracker = new InvocationTracker(invokerOf(() => release.promise));
    await expect(tracker.invoke('fn', {}, 10)).resolves.toMatchObject({ ok: false, timedOut: true });
    expect(tracker.size).toBe(1);
    let drained = false;
    const draining = tracker.drain().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    release.resolve({ ok: true, requestId: 'r', result: undefined });
    await draining;
    expect(tracker.size).toBe(0);
  });
});
