import { describeFailure } from '@chorus/lambda-kit';
import { ErrorCode, ProtocolError } from '@chorus/protocol';
import {
  ConfigError,
  DedupRecordMissingError,
  MessageIdConflictError,
  MessagesError,
  ForbiddenError,
  UnknownConnectionError,
  WriteContentionError,
} from '../../src/errors';

describe('service errors', () => {
  it.each([
    [new UnknownConnectionError('c1'), 'UnknownConnectionError', ErrorCode.UNKNOWN_CONNECTION],
    [new ForbiddenError('lobby'), 'ForbiddenError', ErrorCode.FORBIDDEN],
    [new WriteContentionError(3), 'WriteContentionError', ErrorCode.THROTTLED],
    [new DedupRecordMissingError('DEDUP#x'), 'DedupRecordMissingError', 'DEDUP_RECORD_MISSING'],
    [new MessageIdConflictError('01J'), 'MessageIdConflictError', 'MESSAGE_ID_CONFLICT'],
    [new ConfigError('missing'), 'ConfigError', 'CONFIG_INVALID'],
  ])('%s has a name and a stable code', (error, name, code) => {
    expect(error).toBeInstanceOf(MessagesError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('ForbiddenError names the room', () => {
    expect(new ForbiddenError('kitchen').message).toContain('kitchen');
  });
});

const named = (name: string, httpStatusCode = 400) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });

describe("what the client sees (the kit's describeFailure over these errors)", () => {
  it.each([
    [new ProtocolError(ErrorCode.INVALID_FRAME, 'text: too long'), ErrorCode.INVALID_FRAME, 'client'],
    [new ProtocolError(ErrorCode.MALFORMED_FRAME, 'not json'), ErrorCode.MALFORMED_FRAME, 'client'],
    [new ProtocolError(ErrorCode.FRAME_TOO_LARGE, 'big'), ErrorCode.FRAME_TOO_LARGE, 'client'],
    [new UnknownConnectionError('c'), ErrorCode.UNKNOWN_CONNECTION, 'client'],
    [new ForbiddenError('lobby'), ErrorCode.FORBIDDEN, 'client'],
    [named('ProvisionedThroughputExceededException'), ErrorCode.THROTTLED, 'throttled'],
    [named('ThrottlingException'), ErrorCode.THROTTLED, 'throttled'],
    [named('RequestLimitExceeded'), ErrorCode.THROTTLED, 'throttled'],
    [new WriteContentionError(3), ErrorCode.THROTTLED, 'throttled'],
    [new DedupRecordMissingError('DEDUP#x'), ErrorCode.INTERNAL_ERROR, 'internal'],
    [named('ResourceNotFoundException'), ErrorCode.INTERNAL_ERROR, 'internal'],
    [new TypeError('x is undefined'), ErrorCode.INTERNAL_ERROR, 'internal'],
    ['a thrown string', ErrorCode.INTERNAL_ERROR, 'internal'],
  ])('maps %p to %s', (error, code, severity) => {
    expect(describeFailure(error, 'req-1')).toMatchObject({ code, severity });
  });

  it('keeps protocol messages for the client but hides internal details', () => {
    expect(describeFailure(new ProtocolError(ErrorCode.INVALID_FRAME, 'text: too long'), 'r').message).toBe(
      'text: too long',
    );
    const internal = describeFailure(new Error('table chorus-messages-dev not found'), 'req-42');
    expect(internal.message).not.toContain('chorus-messages-dev');
    expect(internal.message).toContain('req-42');
  });
});
