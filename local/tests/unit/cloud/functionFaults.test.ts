// Parsing of the worker-crash switches: every bad input is refused with a message naming the field.
import {
  FunctionFaultError,
  parseCrashEveryRequest,
  parseCrashProbability,
  parseCrashRequest,
  parseProbability,
  resolveFunctionName,
} from '../../../src/cloud/functionFaults';

function refusal(run: () => unknown): FunctionFaultError {
  try {
    run();
  } catch (error) {
    if (error instanceof FunctionFaultError) return error;
    throw error;
  }
  throw new Error('expected a FunctionFaultError');
}

describe('parseCrashRequest', () => {
  it('takes next and phase, with beforeHandler as the default phase', () => {
    expect(parseCrashRequest({ next: 3, phase: 'afterHandler' })).toEqual({ next: 3, phase: 'afterHandler' });
    expect(parseCrashRequest({ next: 1 })).toEqual({ next: 1, phase: 'beforeHandler' });
    expect(parseCrashRequest({ next: 0 })).toEqual({ next: 0, phase: 'beforeHandler' });
  });

  it.each([
    [null, 'the crash request must be a JSON object'],
    [[1], 'the crash request must be a JSON object'],
    [{}, 'next must be an integer from 0 to 10000'],
    [{ next: '2' }, 'next must be an integer'],
    [{ next: 1.5 }, 'next must be an integer'],
    [{ next: -1 }, 'next must be an integer'],
    [{ next: 10_001 }, 'next must be an integer'],
    [{ next: 1, phase: 'during' }, 'phase must be one of beforeHandler, afterHandler'],
    [{ next: 1, count: 2 }, 'unknown field(s) count; expected next, phase'],
  ])('refuses %j with a 400: %s', (body, message) => {
    const error = refusal(() => parseCrashRequest(body));
    expect(error.message).toContain(message);
    expect(error).toMatchObject({ status: 400, code: 'INVALID_FUNCTION_FAULT', name: 'FunctionFaultError' });
  });
});

describe('parseCrashEveryRequest', () => {
  it('takes every and phase, with beforeHandler as the default phase', () => {
    expect(parseCrashEveryRequest({ every: 100 })).toEqual({ every: 100, phase: 'beforeHandler' });
    expect(parseCrashEveryRequest({ every: 0, phase: 'afterHandler' })).toEqual({
      every: 0,
      phase: 'afterHandler',
    });
  });

  it.each([
    [null, 'the crash-every request must be a JSON object'],
    [{}, 'every must be an integer from 0 to 1000000'],
    [{ every: 2.5 }, 'every must be an integer'],
    [{ every: 1_000_001 }, 'every must be an integer'],
    [{ every: 10, phase: 'sometimes' }, 'phase must be one of beforeHandler, afterHandler'],
    [{ every: 10, probability: 1 }, 'unknown field(s) probability; expected every, phase'],
  ])('refuses %j with a 400: %s', (body, message) => {
    const error = refusal(() => parseCrashEveryRequest(body));
    expect(error.message).toContain(message);
    expect(error).toMatchObject({ status: 400, code: 'INVALID_FUNCTION_FAULT' });
  });
});

describe('parseCrashProbability / parseProbability', () => {
  it('accepts 0..1 inclusive', () => {
    expect(parseCrashProbability({ probability: 0 })).toBe(0);
    expect(parseCrashProbability({ probability: 0.25 })).toBe(0.25);
    expect(parseCrashProbability({ probability: 1 })).toBe(1);
  });

  it.each([
    [{ probability: 1.01 }],
    [{ probability: -0.1 }],
    [{ probability: '0.5' }],
    [{}],
    [{ probability: null }],
  ])('refuses %j', (body) => {
    expect(refusal(() => parseCrashProbability(body)).message).toContain(
      'probability must be a number from 0 to 1',
    );
  });

  it('refuses unknown fields', () => {
    expect(refusal(() => parseCrashProbability({ probability: 0.5, p: 1 })).message).toContain(
      'unknown field(s) p',
    );
  });

  it('reads text (an environment variable) and names the source in the error', () => {
    expect(parseProbability('0.3', 'X')).toBe(0.3);
    expect(refusal(() => parseProbability('often', 'CHORUS_X')).message).toBe(
      'CHORUS_X must be a number from 0 to 1, got "often"',
    );
    expect(refusal(() => parseProbability(' ', 'CHORUS_X')).message).toContain('CHORUS_X');
  });
});

describe('resolveFunctionName', () => {
  const functions = [
    { name: 'ping', qualifiedName: 'chorus-connections-local-ping' },
    { name: 'deliver', qualifiedName: 'chorus-fanout-local-deliver' },
    { name: 'handle', qualifiedName: 'chorus-a-local-handle' },
    { name: 'handle', qualifiedName: 'chorus-b-local-handle' },
  ];

  it('resolves a function key or a qualified name', () => {
    expect(resolveFunctionName('deliver', functions)).toBe('chorus-fanout-local-deliver');
    expect(resolveFunctionName('chorus-connections-local-ping', functions)).toBe(
      'chorus-connections-local-ping',
    );
    expect(resolveFunctionName('chorus-b-local-handle', functions)).toBe('chorus-b-local-handle');
  });

  it('refuses an ambiguous key with a 400 that lists the qualified names', () => {
    const error = refusal(() => resolveFunctionName('handle', functions));
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      'function key handle is ambiguous; use one of chorus-a-local-handle, chorus-b-local-handle',
    );
  });

  it('answers an unknown name with a 404 that lists the keys', () => {
    const error = refusal(() => resolveFunctionName('Deliver', functions));
    expect(error).toMatchObject({ status: 404, code: 'UNKNOWN_FUNCTION' });
    expect(error.message).toBe('no function Deliver; known: ping, deliver, handle, handle');
  });
});
