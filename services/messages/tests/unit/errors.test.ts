import { ErrorCode } from '@chorus/protocol';
import {
  ConfigError,
  DedupRecordMissingError,
  MessageIdConflictError,
  MessagesError,
  NotInRoomError,
  UnknownConnectionError,
  WriteContentionError,
} from '../../src/errors';

describe('service errors', () => {
  it.each([
    [new UnknownConnectionError('c1'), 'UnknownConnectionError', ErrorCode.UNKNOWN_CONNECTION],
    [new NotInRoomError('lobby'), 'NotInRoomError', ErrorCode.NOT_IN_ROOM],
    [new WriteContentionError(3), 'WriteContentionError', 'WRITE_CONTENTION'],
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

  it('NotInRoomError names the room', () => {
    expect(new NotInRoomError('kitchen').message).toContain('kitchen');
  });
});
