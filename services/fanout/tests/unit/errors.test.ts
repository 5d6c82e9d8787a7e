import {
  ConfigError,
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
  ])('%s has its name and stable code', (error, name, code) => {
    expect(error).toBeInstanceOf(FanoutError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(String(error)).toBe(`${name}: x`);
  });
});
