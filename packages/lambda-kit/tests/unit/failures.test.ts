import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { ErrorCode, ProtocolError, parseServerFrame } from '@chorus/protocol';
import { IncompleteBatchError } from '../../src/errors';
import { describeFailure, errorFrame } from '../../src/failures';

/** A service's own error, as the services write them: a stable `code`, here a wire code. */
class RefusedError extends Error {
  public override readonly name = 'RefusedError';
  public constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

describe('describeFailure', () => {
  it('keeps the code and message of a ProtocolError', () => {
    expect(describeFailure(new ProtocolError(ErrorCode.INVALID_FRAME, 'roomId: bad'), 'r')).toEqual({
      code: 'INVALID_FRAME',
      message: 'roomId: bad',
      severity: 'client',
    });
  });

  it('keeps the wire code of our own errors', () => {
    expect(describeFailure(new RefusedError('UNKNOWN_CONNECTION', 'reconnect'), 'r')).toEqual({
      code: 'UNKNOWN_CONNECTION',
      message: 'reconnect',
      severity: 'client',
    });
    expect(describeFailure(new RefusedError('THROTTLED', 'busy'), 'r')).toMatchObject({
      code: 'THROTTLED',
      severity: 'throttled',
    });
  });

  it('carries the wait of a RATE_LIMITED error onto its frame, and no wait on other codes', () => {
    const limited = Object.assign(new RefusedError('RATE_LIMITED', 'slow down'), { retryAfterMs: 340 });
    const failure = describeFailure(limited, 'r');
    expect(failure).toEqual({
      code: 'RATE_LIMITED',
      message: 'slow down',
      severity: 'client',
      retryAfterMs: 340,
    });
    const frame = errorFrame(failure, { requestId: 'r', action: 'sendMessage', clientMsgId: 'm1' });
    expect(parseServerFrame(JSON.stringify(frame))).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 340,
    });
    const other = Object.assign(new RefusedError('NOT_IN_ROOM', 'join'), { retryAfterMs: 5 });
    expect(describeFailure(other, 'r')).not.toHaveProperty('retryAfterMs');
    const bogus = Object.assign(new RefusedError('RATE_LIMITED', 'x'), { retryAfterMs: -1 });
    expect(describeFailure(bogus, 'r')).not.toHaveProperty('retryAfterMs');
  });

  it('recognises a raw SDK throttling error', () => {
    const error = new ProvisionedThroughputExceededException({
      message: 'x',
      $metadata: { httpStatusCode: 400 },
    });
    expect(describeFailure(error, 'r')).toMatchObject({ code: 'THROTTLED', severity: 'throttled' });
  });

  it.each([
    new Error('database password is hunter2'),
    new IncompleteBatchError(2, 6),
    new RefusedError('CONFIG_INVALID', 'CONNECTIONS_TABLE is not set'),
    'a string',
    undefined,
  ])('turns %p into INTERNAL_ERROR without repeating its message', (error) => {
    const failure = describeFailure(error, 'req-42');
    expect(failure.code).toBe('INTERNAL_ERROR');
    expect(failure.severity).toBe('internal');
    expect(failure.message).not.toMatch(/hunter2|CONNECTIONS_TABLE|unprocessed/);
    expect(failure.message).toContain('req-42');
  });
});

describe('errorFrame', () => {
  const busy = { code: 'THROTTLED' as const, message: 'busy', severity: 'throttled' as const };

  it('carries requestId and a cut-down action, and is a valid server frame', () => {
    const frame = errorFrame(busy, { requestId: 'req-1', action: 'x'.repeat(100) });
    expect(frame).toEqual({
      type: 'error',
      code: 'THROTTLED',
      message: 'busy',
      requestId: 'req-1',
      action: 'x'.repeat(64),
    });
    expect(parseServerFrame(JSON.stringify(frame))).toEqual(frame);
  });

  it('names the room and the clientMsgId when the failed frame had them', () => {
    const frame = errorFrame(busy, {
      requestId: 'r',
      action: 'sendMessage',
      roomId: 'lobby',
      clientMsgId: 'c-9',
    });
    expect(frame).toMatchObject({ action: 'sendMessage', roomId: 'lobby', clientMsgId: 'c-9' });
    expect(parseServerFrame(JSON.stringify(frame))).toEqual(frame);
  });

  it('leaves out what is unknown', () => {
    const frame = errorFrame(busy, { requestId: 'r' });
    expect(frame).not.toHaveProperty('action');
    expect(frame).not.toHaveProperty('roomId');
    expect(frame).not.toHaveProperty('clientMsgId');
  });
});
