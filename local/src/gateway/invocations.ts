// Calls the injected LambdaInvoker and keeps every call in flight visible, so `close()` can wait
// for all of them and nothing started is lost. A rejected promise counts as a failed invocation.
import type { InvokeResult, LambdaInvoker } from '../runtime/types';

export type InvocationOutcome =
  | InvokeResult
  | { ok: false; requestId?: undefined; timedOut: true; error: { name: string; message: string } };

export class InvocationTracker {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly invoker: LambdaInvoker) {}

  get size(): number {
    return this.inFlight.size;
  }

  /**
   * Invokes `functionName`; with `timeoutMs`, resolves with a timed-out failure when the function
   * takes longer (the invocation itself keeps running and is still awaited by `drain`).
   */
  invoke(functionName: string, event: unknown, timeoutMs?: number): Promise<InvocationOutcome> {
    const call = this.track(this.safeInvoke(functionName, event));
    if (timeoutMs === undefined) return call;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<InvocationOutcome>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            ok: false,
            timedOut: true,
            error: { name: 'IntegrationTimeout', message: `${functionName} ran longer than ${timeoutMs} ms` },
          }),
        timeoutMs,
      );
      timer.unref();
    });
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }

  /** Tracks any other gateway work that must finish before shutdown. */
  track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  /** Resolves when nothing is in flight, including work started while waiting. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async safeInvoke(functionName: string, event: unknown): Promise<InvokeResult> {
    try {
      return await this.invoker.invoke(functionName, event);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      return {
        ok: false,
        requestId: '',
        error: { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) },
      };
    }
  }
}
