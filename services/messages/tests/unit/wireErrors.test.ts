import { ErrorCode, ProtocolError } from '@chorus/protocol';
import {
  DedupRecordMissingError,
  NotInRoomError,
  RateLimitedError,
  UnknownConnectionError,
  WriteContentionError,
} from '../../src/errors';
import { classifyError, errorFrameFor } from '../../src/wireErrors';

const named = (name: string, httpStatusCode = 400) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });

describe('classifyError', () => {
  it.each([
    [new ProtocolError(ErrorCode.INVALID_FRAME, 'text: too long'), ErrorCode.INVALID_FRAME, 'client'],
    [new ProtocolError(ErrorCode.MALFORMED_FRAME, 'not json'), ErrorCode.MALFORMED_FRAME, 'client'],
    [new ProtocolError(ErrorCode.FRAME_TOO_LARGE, 'big'), ErrorCode.FRAME_TOO_LARGE, 'client'],
    [new UnknownConnectionError('c'), ErrorCode.UNKNOWN_CONNECTION, 'client'],
    [new NotInRoomError('lobby'), ErrorCode.NOT_IN_ROOM, 'client'],
    [named('ProvisionedThroughputExceededException'), ErrorCode.THROTTLED, 'throttled'],
    [named('ThrottlingException'), ErrorCode.THROTTLED, 'throttled'],
    [named('RequestLimitExceeded'), ErrorCode.THROTTLED, 'throttled'],
    [new WriteContentionError(3), ErrorCode.THROTTLED, 'throttled'],
    [new DedupRecordMissingError('DEDUP#x'), ErrorCode.INTERNAL_ERROR, 'internal'],
    [named('ResourceNotFoundException'), ErrorCode.INTERNAL_ERROR, 'internal'],
    [new TypeError('x is undefined'), ErrorCode.INTERNAL_ERROR, 'internal'],
    ['a thrown string', ErrorCode.INTERNAL_ERROR, 'internal'],
  ])('maps %p to %s', (error, code, severity) => {
    expect(classifyError(error, 'req-1')).toMatchObject({ code, severity });
  });

  it('answers RATE_LIMITED with the wait on the frame, beside the clientMsgId to resend', () => {
    const wire = classifyError(new RateLimitedError(340), 'req-1');
    expect(wire).toMatchObject({ code: ErrorCode.RATE_LIMITED, severity: 'client', retryAfterMs: 340 });
    expect(
      errorFrameFor(wire, { requestId: 'req-1', action: 'sendMessage', clientMsgId: 'm1', roomId: 'lobby' }),
    ).toEqual({
      type: 'error',
      code: ErrorCode.RATE_LIMITED,
      message: 'Sending too fast; send this message again in 340 ms',
      requestId: 'req-1',
      action: 'sendMessage',
      clientMsgId: 'm1',
      roomId: 'lobby',
      retryAfterMs: 340,
    });
    // Other errors carry no wait.
    expect(
      errorFrameFor(classifyError(new NotInRoomError('x'), 'r'), { requestId: 'r', action: 'history' }),
    ).not.toHaveProperty('retryAfterMs');
  });

  it('keeps protocol messages for the client but hides internal details', () => {
    expect(classifyError(new ProtocolError(ErrorCode.INVALID_FRAME, 'text: too long'), 'r').message).toBe(
      'text: too long',
    );
    const internal = classifyError(new Error('table chorus-messages-dev not found'), 'req-42');
    expect(internal.message).not.toContain('chorus-messages-dev');
    expect(internal.message).toContain('req-42');
  });
});

describe('errorFrameFor', () => {
  const wire = { code: ErrorCode.NOT_IN_ROOM, message: 'join first', severity: 'client' as const };

  it('carries request id, action and clientMsgId', () => {
    expect(errorFrameFor(wire, { requestId: 'r1', action: 'sendMessage', clientMsgId: 'c-9' })).toEqual({
      type: 'error',
      code: ErrorCode.NOT_IN_ROOM,
      message: 'join first',
      requestId: 'r1',
      action: 'sendMessage',
      clientMsgId: 'c-9',
    });
  });

  it('names the room of the refused frame, and leaves it out when unknown', () => {
    expect(errorFrameFor(wire, { requestId: 'r1', action: 'history', roomId: 'lobby' })).toMatchObject({
      action: 'history',
      roomId: 'lobby',
    });
    expect(errorFrameFor(wire, { requestId: 'r1', action: 'history' })).not.toHaveProperty('roomId');
  });

  it('leaves clientMsgId out when unknown', () => {
    expect(errorFrameFor(wire, { requestId: 'r1', action: 'history' })).not.toHaveProperty('clientMsgId');
  });
});
