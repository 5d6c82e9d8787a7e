import { ErrorCode } from '@chorus/protocol';
import {
  ConfigError,
  ConnectionsError,
  InvalidUserNameError,
  ThrottledError,
  UnknownConnectionError,
} from '../../src/errors';

describe('errors', () => {
  it.each([
    [new UnknownConnectionError('abc='), 'UnknownConnectionError', ErrorCode.UNKNOWN_CONNECTION],
    [new InvalidUserNameError('bad'), 'InvalidUserNameError', ErrorCode.INVALID_NAME],
    [new ThrottledError('slow down'), 'ThrottledError', ErrorCode.THROTTLED],
    [new ConfigError('missing'), 'ConfigError', 'CONFIG_INVALID'],
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

  it('keeps the cause', () => {
    const cause = new Error('sdk');
    expect(new ThrottledError('busy', { cause }).cause).toBe(cause);
  });
});
