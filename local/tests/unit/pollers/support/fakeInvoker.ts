// An in-memory LambdaInvoker: records every event and answers with a scripted behaviour, and
// tracks how many invocations overlap.
import type { InvokeResult, LambdaInvoker } from '../../../../src/runtime/types';

export type Behaviour = (event: { Records: Array<Record<string, unknown>> }, call: number) => unknown;

/** Thrown by a behaviour to make the invocation fail like a handler error. */
export class HandlerFailure extends Error {
  constructor(message = 'handler failed') {
    super(message);
    this.name = 'HandlerFailure';
  }
}

export class FakeInvoker implements LambdaInvoker {
  readonly calls: Array<{ functionName: string; records: Array<Record<string, unknown>> }> = [];
  active = 0;
  maxActive = 0;
  behaviour: Behaviour = () => null;
  /** Extra time each invocation takes. */
  delayMs = 0;

  async invoke(functionName: string, event: unknown): Promise<InvokeResult> {
    const requestId = `req-${this.calls.length + 1}`;
    const typed = event as { Records: Array<Record<string, unknown>> };
    this.calls.push({ functionName, records: typed.Records });
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      const result = await this.behaviour(typed, this.calls.length);
      return { ok: true, requestId, result };
    } catch (error) {
      const err = error as Error;
      return { ok: false, requestId, error: { name: err.name, message: err.message } };
    } finally {
      this.active -= 1;
    }
  }
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
