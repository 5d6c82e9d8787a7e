import { ErrorCode, forbiddenMessage } from '@chorus/protocol';
import {
  ConfigError,
  ConnectionsError,
  ForbiddenError,
  InvalidRoomRequestError,
  InvalidUserNameError,
  RoomExistsError,
  TooManyConnectionsError,
  ThrottledError,
  UnknownConnectionError,
} from '../../src/errors';

describe('errors', () => {
  it.each([
    [new UnknownConnectionError('abc='), 'UnknownConnectionError', ErrorCode.UNKNOWN_CONNECTION],
    [new InvalidUserNameError('bad'), 'InvalidUserNameError', ErrorCode.INVALID_NAME],
    [new ThrottledError('slow down'), 'ThrottledError', ErrorCode.THROTTLED],
    [new ConfigError('missing'), 'ConfigError', 'CONFIG_INVALID'],
    [new ForbiddenError('club'), 'ForbiddenError', ErrorCode.FORBIDDEN],
    [new RoomExistsError('club'), 'RoomExistsError', ErrorCode.ROOM_EXISTS],
    [new TooManyConnectionsError(10), 'TooManyConnectionsError', ErrorCode.TOO_MANY_CONNECTIONS],
    [new InvalidRoomRequestError('no'), 'InvalidRoomRequestError', ErrorCode.INVALID_FRAME],
  ])('%s has a name and a stable code', (error, name, code) => {
    expect(error).toBeInstanceOf(ConnectionsError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(String(error)).toContain(name);
  });

  it('says which connection is unknown and what to do', () => {
    const error = new UnknownConnectionError('R1kmxc2VNjMCFIA=');
    expect(error.connectionId).toBe('R1kmxc2VNjMCFIA=');
    expect(error.message).toMatch(/R1kmxc2VNjMCFIA=.*reconnect/);
  });

  it('words FORBIDDEN the same for every room cause, naming only the room', () => {
    expect(new ForbiddenError('club').message).toBe(forbiddenMessage('club'));
    expect(new ForbiddenError('club').message).not.toMatch(/exist/);
  });

  it('keeps the cause', () => {
    const cause = new Error('sdk');
    expect(new ThrottledError('busy', { cause }).cause).toBe(cause);
  });
});
