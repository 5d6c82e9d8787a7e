// The worker-crash switch over HTTP, mounted on a real gateway beside its own admin endpoints.
import { createFunctionFaultApi, type CrashSwitch } from '../../../src/cloud/functionFaultApi';
import type { CrashFaults, CrashPhase } from '../../../src/runtime';
import { startGateway, stopGateways } from '../gateway/support/harness';

afterEach(stopGateways);

const FUNCTIONS = [
  { name: 'ping', qualifiedName: 'chorus-connections-local-ping' },
  { name: 'deliver', qualifiedName: 'chorus-fanout-local-deliver' },
];

/** Records the switch calls and keeps the state a FunctionRuntime would report. */
class FakeRuntime implements CrashSwitch {
  readonly calls: Array<[string, number, CrashPhase]> = [];
  readonly everyCalls: Array<[string, number, CrashPhase]> = [];
  private state: CrashFaults = { crashProbability: 0, injected: {}, periodic: {} };

  failNextInvocations(qualifiedName: string, count: number, phase: CrashPhase): void {
    this.calls.push([qualifiedName, count, phase]);
    if (count <= 0) delete this.state.injected[qualifiedName];
    else this.state.injected[qualifiedName] = { remaining: count, phase };
  }

  crashEvery(qualifiedName: string, every: number, phase: CrashPhase): void {
    this.everyCalls.push([qualifiedName, every, phase]);
    if (every <= 0) delete this.state.periodic[qualifiedName];
    else this.state.periodic[qualifiedName] = { every, phase, invocations: 0, crashed: 0 };
  }

  setCrashProbability(probability: number): void {
    this.state.crashProbability = probability;
  }

  crashFaults(): CrashFaults {
    return structuredClone(this.state);
  }
}

async function start(): Promise<{ runtime: FakeRuntime; call: Call }> {
  const runtime = new FakeRuntime();
  const { gateway } = await startGateway({
    adminExtensions: [createFunctionFaultApi({ runtime, functions: FUNCTIONS })],
  });
  const call: Call = async (method, path, body) => {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/_chorus/${path}`, {
      headers: { 'x-chorus-admin-secret': gateway.adminSecret },
      method,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  return { runtime, call };
}

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

describe('/_chorus/functions/', () => {
  it('crashes the next invocations of a function named by key or qualified name', async () => {
    const { runtime, call } = await start();
    const byKey = await call('POST', 'functions/deliver/crash', { next: 2, phase: 'afterHandler' });
    expect(byKey).toEqual({
      status: 200,
      body: {
        crashProbability: 0,
        injected: { 'chorus-fanout-local-deliver': { remaining: 2, phase: 'afterHandler' } },
        periodic: {},
      },
    });
    const byName = await call(
      'POST',
      `functions/${encodeURIComponent('chorus-connections-local-ping')}/crash/`,
      {
        next: 1,
      },
    );
    expect(byName.status).toBe(200);
    expect(runtime.calls).toEqual([
      ['chorus-fanout-local-deliver', 2, 'afterHandler'],
      ['chorus-connections-local-ping', 1, 'beforeHandler'],
    ]);
    expect((await call('GET', 'functions/faults')).body).toEqual(runtime.crashFaults());
  });

  it('crashes every n-th invocation of a function', async () => {
    const { runtime, call } = await start();
    expect(await call('POST', 'functions/deliver/crash-every', { every: 100 })).toEqual({
      status: 200,
      body: {
        crashProbability: 0,
        injected: {},
        periodic: {
          'chorus-fanout-local-deliver': { every: 100, phase: 'beforeHandler', invocations: 0, crashed: 0 },
        },
      },
    });
    await call('POST', 'functions/ping/crash-every', { every: 0, phase: 'afterHandler' });
    expect(runtime.everyCalls).toEqual([
      ['chorus-fanout-local-deliver', 100, 'beforeHandler'],
      ['chorus-connections-local-ping', 0, 'afterHandler'],
    ]);
  });

  it('sets the crash probability, and DELETE switches every crash off', async () => {
    const { runtime, call } = await start();
    await call('POST', 'functions/ping/crash', { next: 3 });
    await call('POST', 'functions/deliver/crash-every', { every: 7 });
    expect(await call('POST', 'functions/crash-probability', { probability: 0.2 })).toMatchObject({
      status: 200,
      body: { crashProbability: 0.2 },
    });
    expect(await call('DELETE', 'functions/faults')).toEqual({ status: 204, body: undefined });
    expect(runtime.crashFaults()).toEqual({ crashProbability: 0, injected: {}, periodic: {} });
  });

  it.each([
    ['functions/deliver/crash', '{"next": ', 'body is not JSON'],
    ['functions/deliver/crash', { next: 'two' }, 'next must be an integer from 0 to 10000'],
    [
      'functions/deliver/crash',
      { next: 1, phase: 'later' },
      'phase must be one of beforeHandler, afterHandler',
    ],
    ['functions/deliver/crash-every', { every: -1 }, 'every must be an integer from 0 to 1000000'],
    ['functions/deliver/crash-every', { every: 5, next: 1 }, 'unknown field(s) next; expected every, phase'],
    ['functions/crash-probability', { probability: 3 }, 'probability must be a number from 0 to 1'],
    ['functions/crash-probability', 'x'.repeat(20_000), 'body larger than 16384 bytes'],
    ['functions/%E0%A4%A/crash', { next: 1 }, 'bad percent-encoding in %E0%A4%A'],
  ])('answers POST %s %j with a precise 400', async (path, body, message) => {
    const { runtime, call } = await start();
    const response = await call('POST', path, body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      message: expect.stringContaining(message),
      code: 'INVALID_FUNCTION_FAULT',
    });
    expect(runtime.calls).toEqual([]);
    expect(runtime.everyCalls).toEqual([]);
  });

  it('answers an unknown function with 404 and the names it knows', async () => {
    const { runtime, call } = await start();
    expect(await call('POST', 'functions/deliverr/crash', { next: 1 })).toEqual({
      status: 404,
      body: { message: 'no function deliverr; known: ping, deliver', code: 'UNKNOWN_FUNCTION' },
    });
    expect(runtime.calls).toEqual([]);
  });

  it('answers a wrong method with 405 and leaves other paths to the gateway', async () => {
    const { call } = await start();
    expect(await call('PUT', 'functions/faults', {})).toEqual({
      status: 405,
      body: { message: 'PUT is not allowed on /_chorus/functions/faults' },
    });
    expect((await call('GET', 'functions/deliver/crash')).status).toBe(405);
    expect(await call('GET', 'functions/deliver')).toEqual({
      status: 404,
      body: { message: 'No admin endpoint GET /_chorus/functions/deliver' },
    });
    // The gateway's own endpoints are untouched by the extension.
    expect(await call('GET', 'faults')).toEqual({ status: 200, body: {} });
  });
});
