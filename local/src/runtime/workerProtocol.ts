// Messages between a function pool (main thread) and one worker thread ("container").

export interface WorkerSetup {
  bundlePath: string;
  handlerExport: string;
  functionName: string;
  memorySize: number;
  timeoutMs: number;
  region: string;
  accountId: string;
  logStreamName: string;
}

/** Where an injected crash happens: before the handler runs, or after it ran but before it answered. */
export type CrashPhase = 'beforeHandler' | 'afterHandler';

export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  event: unknown;
  /** Fault injection: kill the container during this invocation. */
  crash?: CrashPhase;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type WorkerMessage =
  /** The bundle was loaded (module scope ran); `initError` when it threw. */
  | { type: 'ready'; initDurationMs: number; initError?: SerializedError }
  | { type: 'result'; requestId: string; ok: true; result: unknown }
  | { type: 'result'; requestId: string; ok: false; error: SerializedError; timedOut?: boolean };

export function serializeError(value: unknown): SerializedError {
  if (value instanceof Error) {
    const error: SerializedError = { name: value.name, message: value.message };
    if (value.stack !== undefined) error.stack = value.stack;
    return error;
  }
  if (typeof value === 'object' && value !== null && 'message' in value) {
    const record = value as { name?: unknown; message?: unknown };
    return { name: typeof record.name === 'string' ? record.name : 'Error', message: String(record.message) };
  }
  return { name: 'Error', message: String(value) };
}

/** Lambda's message for a timed-out invocation. */
export function timeoutError(timeoutMs: number): SerializedError {
  return {
    name: 'Sandbox.Timedout',
    message: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
  };
}
