import { flushMetrics } from '../../src/telemetry';

describe('flushMetrics', () => {
  it('publishes when metrics were recorded', () => {
    const publisher = { hasStoredMetrics: () => true, publishStoredMetrics: jest.fn() };
    flushMetrics(publisher as never);
    expect(publisher.publishStoredMetrics).toHaveBeenCalledTimes(1);
  });

  it('stays quiet when nothing was recorded', () => {
    const publisher = { hasStoredMetrics: () => false, publishStoredMetrics: jest.fn() };
    flushMetrics(publisher as never);
    expect(publisher.publishStoredMetrics).not.toHaveBeenCalled();
  });
});

describe('flushMetrics when publishing fails', () => {
  const failing = () => ({
    hasStoredMetrics: () => true,
    publishStoredMetrics: () => {
      throw new Error('too many dimensions');
    },
  });

  it('logs the failure instead of throwing over the invocation result', () => {
    const log = { warn: jest.fn() };
    expect(() => flushMetrics(failing() as never, log)).not.toThrow();
    expect(log.warn).toHaveBeenCalledWith('could not publish metrics', expect.anything());
  });

  it('throws when there is no log to tell', () => {
    expect(() => flushMetrics(failing() as never)).toThrow('too many dimensions');
  });
});
