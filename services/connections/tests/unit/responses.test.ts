import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { ErrorCode, ProtocolError, parseServerFrame } from '@chorus/protocol';
import { ConfigError, IncompleteBatchError, ThrottledError, UnknownConnectionError } from '../../src/errors';
import {
  connectRejectionStatus,
  describeFailure,
  errorFrame,
  errorResult,
  frameResult,
} from '../../src/responses';

describe('describeFailure', () => {
  it('keeps the code and message of a ProtocolError', () => {
    expect(describeFailure(new ProtocolError(ErrorCode.INVALID_FRAME, 'roomId: bad'))).toEqual({
      code: 'INVALID_FRAME',
      message: 'roomId: bad',
      expected: true,
    });
  });

  it('keeps the wire code of our own errors', () => {
    expect(describeFailure(new UnknownConnectionError('abc='))).toMatchObject({
      code: 'UNKNOWN_CONNECTION',
      expected: true,
    });
    expect(describeFailure(new ThrottledError('busy'))).toMatchObject({ code: 'THROTTLED', expected: true });
  });

  it('recognises a raw SDK throttling error', () => {
    const error = new ProvisionedThroughputExceededException({
      message: 'x',
      $metadata: { httpStatusCode: 400 },
    });
    expect(describeFailure(error)).toMatchObject({ code: 'THROTTLED', expected: true });
  });

  it.each([
    new Error('database password is hunter2'),
    new IncompleteBatchError(2),
    new ConfigError('CONNECTIONS_TABLE is not set'),
    'a string',
    undefined,
  ])('turns %p into INTERNAL_ERROR without repeating its message', (error) => {
    const failure = describeFailure(error);
    expect(failure.code).toBe('INTERNAL_ERROR');
    expect(failure.expected).toBe(false);
    expect(failure.message).not.toMatch(/hunter2|CONNECTIONS_TABLE|unprocessed/);
    expect(failure.message).toMatch(/requestId/);
  });
});

describe('frames', () => {
  it('frameResult is a 200 whose body is the validated frame', () => {
    const result = frameResult({ type: 'presence', roomId: 'lobby', users: ['Ada'] });
    expect(result.statusCode).toBe(200);
    expect(parseServerFrame(result.body ?? '')).toEqual({
      type: 'presence',
      roomId: 'lobby',
      users: ['Ada'],
    });
  });

  it('frameResult refuses a frame that breaks the schema (a server bug)', () => {
    expect(() => frameResult({ type: 'presence', roomId: 'not a room id', users: [] })).toThrow();
  });

  it('errorFrame carries requestId and a cut-down action; errorResult serialises it', () => {
    const frame = errorFrame(
      { code: 'THROTTLED', message: 'busy', expected: true },
      'req-1',
      'x'.repeat(100),
    );
    expect(frame).toEqual({
      type: 'error',
      code: 'THROTTLED',
      message: 'busy',
      requestId: 'req-1',
      action: 'x'.repeat(64),
    });
    const result = errorResult(frame);
    expect(result.statusCode).toBe(200);
    expect(parseServerFrame(result.body ?? '')).toEqual(frame);
    expect(errorResult(frame, 400).statusCode).toBe(400);
  });

  it('errorFrame names the room when the failed frame named one', () => {
    const failure = { code: 'THROTTLED' as const, message: 'busy', expected: true };
    const frame = errorFrame(failure, 'r', 'history', 'lobby');
    expect(frame).toMatchObject({ action: 'history', roomId: 'lobby' });
    expect(parseServerFrame(errorResult(frame).body ?? '')).toEqual(frame);
    expect(errorFrame(failure, 'r', 'ping')).not.toHaveProperty('roomId');
  });

  it('errorFrame leaves out action when unknown', () => {
    expect(errorFrame({ code: 'MALFORMED_FRAME', message: 'm', expected: true }, 'r')).not.toHaveProperty(
      'action',
    );
  });
});

describe('connectRejectionStatus', () => {
  it.each([
    ['INVALID_NAME', 400],
    ['THROTTLED', 503],
    ['INTERNAL_ERROR', 500],
    ['UNKNOWN_CONNECTION', 500],
  ] as const)('%s → %d', (code, status) => {
    expect(connectRejectionStatus(code)).toBe(status);
  });
});
