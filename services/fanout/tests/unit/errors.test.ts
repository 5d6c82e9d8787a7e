import {
  ConfigError,
  ConnectionCleanupError,
  DeadlineReachedError,
  EnqueueFailedError,
  FanoutError,
  InvalidDeliveryJobError,
  InvalidStreamRecordError,
} from '../../src/errors';

describe('fan-out errors', () => {
  it.each([
    [new ConfigError('x'), 'ConfigError', 'CONFIG_INVALID'],
    [new InvalidDeliveryJobError('x'), 'InvalidDeliveryJobError', 'INVALID_DELIVERY_JOB'],
    [new InvalidStreamRecordError('x'), 'InvalidStreamRecordError', 'INVALID_STREAM_RECORD'],
    [new EnqueueFailedError('x', 2), 'EnqueueFailedError', 'ENQUEUE_FAILED'],
    [new ConnectionCleanupError('x'), 'ConnectionCleanupError', 'CONNECTION_CLEANUP_FAILED'],
    [new DeadlineReachedError('x'), 'DeadlineReachedError', 'DEADLINE_REACHED'],
  ])('%s has its name and stable code', (error, name, code) => {
    expect(error).toBeInstanceOf(FanoutError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(String(error)).toBe(`${name}: x`);
  });
});
