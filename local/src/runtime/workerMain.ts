// Entry point of one worker thread = one warm Lambda container. It loads the function's bundle
// once (module scope runs once, like a cold start), then runs invocations one at a time as the
// pool sends them. The pool owns the hard timeout (it terminates a worker stuck in a synchronous
// loop); this side reports async timeouts itself so the answer arrives exactly at the deadline.
import { parentPort, workerData } from 'node:worker_threads';
import { buildLambdaContext, type LambdaContext } from './lambdaContext';
import {
  serializeError,
  timeoutError,
  type InvokeMessage,
  type SerializedError,
  type WorkerMessage,
  type WorkerSetup,
} from './workerProtocol';

type Callback = (error?: unknown, result?: unknown) => void;
type Handler = (event: unknown, context: LambdaContext, callback: Callback) => unknown;

interface LegacyContext extends LambdaContext {
  done: Callback;
  succeed: (result?: unknown) => void;
  fail: (error?: unknown) => void;
}

const setup = workerData as WorkerSetup;
const port = parentPort;
if (port === null) throw new Error('workerMain must run inside a worker thread');
process.setSourceMapsEnabled(true);

function post(message: WorkerMessage): void {
  port?.postMessage(message);
}

function loadHandler(): { handler?: Handler; initError?: SerializedError } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(setup.bundlePath) as Record<string, unknown>;
    const handler = loaded[setup.handlerExport];
    if (typeof handler !== 'function') {
      return {
        initError: {
          name: 'Runtime.HandlerNotFound',
          message: `${setup.bundlePath} does not export a function named ${setup.handlerExport}`,
        },
      };
    }
    return { handler: handler as Handler };
  } catch (error) {
    return { initError: serializeError(error) };
  }
}

/** Runs a handler in either style: returning a promise, or calling back. */
function callHandler(handler: Handler, event: unknown, context: LambdaContext): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback: Callback = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    const legacy = context as LegacyContext;
    legacy.done = callback;
    legacy.succeed = (result) => callback(null, result);
    legacy.fail = (error) => callback(error ?? new Error('context.fail called'));
    try {
      const returned = handler(event, context, callback);
      if (isThenable(returned)) returned.then((result) => callback(null, result), callback);
      // A non-async handler that does not take a callback answers with its return value.
      else if (handler.length < 3) callback(null, returned);
    } catch (error) {
      callback(error);
    }
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Lambda answers with the JSON of the result; undefined becomes null. */
function toJsonValue(result: unknown): unknown {
  const json = JSON.stringify(result);
  return json === undefined ? null : (JSON.parse(json) as unknown);
}

function crash(): Promise<never> {
  setImmediate(() => {
    throw new Error('Injected worker crash (fault injection)');
  });
  return new Promise<never>(() => undefined);
}

async function invoke(handler: Handler, message: InvokeMessage): Promise<WorkerMessage> {
  const { requestId } = message;
  if (message.crash === 'beforeHandler') await crash();
  const deadlineMs = Date.now() + setup.timeoutMs;
  const context = buildLambdaContext({
    functionName: setup.functionName,
    memorySize: setup.memorySize,
    region: setup.region,
    accountId: setup.accountId,
    deadlineMs,
    awsRequestId: requestId,
    logStreamName: setup.logStreamName,
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), setup.timeoutMs);
  });
  try {
    const outcome = await Promise.race([callHandler(handler, message.event, context), timedOut]);
    if (outcome === 'timeout') {
      return { type: 'result', requestId, ok: false, error: timeoutError(setup.timeoutMs), timedOut: true };
    }
    if (message.crash === 'afterHandler') await crash();
    try {
      return { type: 'result', requestId, ok: true, result: toJsonValue(outcome) };
    } catch (error) {
      const cause = serializeError(error);
      return {
        type: 'result',
        requestId,
        ok: false,
        error: { name: 'Runtime.ResponseSerializationError', message: cause.message },
      };
    }
  } catch (error) {
    return { type: 'result', requestId, ok: false, error: serializeError(error) };
  } finally {
    clearTimeout(timer);
  }
}

const started = performance.now();
const { handler, initError } = loadHandler();
const initDurationMs = performance.now() - started;
post(
  initError === undefined ? { type: 'ready', initDurationMs } : { type: 'ready', initDurationMs, initError },
);

// The pool sends one invocation at a time; chaining keeps them sequential even if it did not.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: InvokeMessage) => {
  if (message.type !== 'invoke' || handler === undefined) return;
  queue = queue.then(async () => post(await invoke(handler, message)));
});
