// An in-memory LambdaInvoker: the unit boundary of the gateway. Each function name gets a handler
// (sync or async); every invocation is recorded so tests can wait for and inspect events.
import { randomUUID } from 'node:crypto';
import type { InvokeResult, LambdaInvoker } from '../../../../src/runtime/types';
import type { WebSocketEvent } from '../../../../src/gateway/eventBuilders';

export type FakeHandler = (event: WebSocketEvent) => unknown;

export interface RecordedCall {
  functionName: string;
  event: WebSocketEvent;
  requestId: string;
  /** Settles when the handler has returned or thrown. */
  done: Promise<void>;
}

export class FakeInvoker implements LambdaInvoker {
  readonly calls: RecordedCall[] = [];
  private readonly handlers = new Map<string, FakeHandler>();
  private readonly waiters: Array<() => void> = [];

  on(functionName: string, handler: FakeHandler): this {
    this.handlers.set(functionName, handler);
    return this;
  }

  callsOf(functionName: string): RecordedCall[] {
    return this.calls.filter((call) => call.functionName === functionName);
  }

  /** Resolves with the calls of `functionName` once there are at least `count` of them. */
  async waitForCalls(functionName: string, count = 1): Promise<RecordedCall[]> {
    while (this.callsOf(functionName).length < count) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.callsOf(functionName);
  }

  async invoke(functionName: string, event: unknown): Promise<InvokeResult> {
    const requestId = randomUUID();
    let finish = (): void => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    this.calls.push({ functionName, event: event as WebSocketEvent, requestId, done });
    this.waiters.splice(0).forEach((wake) => wake());
    try {
      const handler = this.handlers.get(functionName);
      const result = handler ? await handler(event as WebSocketEvent) : undefined;
      return { ok: true, requestId, result };
    } catch (error) {
      const err = error as Error;
      return { ok: false, requestId, error: { name: err.name, message: err.message } };
    } finally {
      finish();
    }
  }
}

/** A promise with its resolve exposed, for handlers that must wait for the test. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
