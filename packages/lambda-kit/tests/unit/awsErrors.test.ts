import {
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  cancellationReasons,
  errorName,
  httpStatusOf,
  isRetryableCancellation,
  isThrottlingError,
  isTransactionCanceled,
} from '../../src/awsErrors';

const meta = { $metadata: { httpStatusCode: 400 } };

function named(name: string, httpStatusCode?: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
}

describe('isThrottlingError', () => {
  it.each([
    new ProvisionedThroughputExceededException({ message: 'exceeded', ...meta }),
    new ThrottlingException({ message: 'throttled', ...meta }),
    new RequestLimitExceeded({ message: 'limit', ...meta }),
  ])('recognises the SDK v3 class %p by name', (error) => {
    expect(isThrottlingError(error)).toBe(true);
  });

  it.each(['Throttling', 'LimitExceededException'])('recognises %s (other services) by name', (name) => {
    expect(isThrottlingError(named(name, 400))).toBe(true);
  });

  it('recognises an HTTP 429 from $metadata whatever the name', () => {
    expect(isThrottlingError(named('SomethingNew', 429))).toBe(true);
  });

  it('recognises a transaction cancelled because an item was throttled', () => {
    const error = new TransactionCanceledException({
      message: 'cancelled',
      ...meta,
      CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
    });
    expect(isThrottlingError(error)).toBe(true);
  });

  it.each([
    ['a plain error', new Error('plain')],
    ['a validation error', named('ValidationException', 400)],
    [
      'a conditional cancel',
      Object.assign(named('TransactionCanceledException', 400), {
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
      }),
    ],
    // A v2-style error: v3 never sets statusCode, so it must not count.
    ['a v2-style statusCode', Object.assign(new Error('x'), { statusCode: 429 })],
    ['a string', 'ThrottlingException'],
    ['null', null],
    ['undefined', undefined],
  ])('does not treat %s as throttling', (_label, error) => {
    expect(isThrottlingError(error)).toBe(false);
  });
});

describe('cancellationReasons / isTransactionCanceled', () => {
  it('returns the per-item reasons of a TransactionCanceledException', () => {
    const error = new TransactionCanceledException({
      message: 'cancelled',
      ...meta,
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
    });
    expect(isTransactionCanceled(error)).toBe(true);
    expect(cancellationReasons(error)).toEqual([{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }]);
  });

  it('is empty for a cancellation without reasons and for any other error', () => {
    expect(cancellationReasons(new TransactionCanceledException({ message: 'cancelled', ...meta }))).toEqual(
      [],
    );
    expect(isTransactionCanceled(named('ValidationException'))).toBe(false);
    expect(cancellationReasons(named('ValidationException'))).toEqual([]);
    expect(cancellationReasons(new Error('x'))).toEqual([]);
    expect(cancellationReasons(undefined)).toEqual([]);
  });
});

describe('isRetryableCancellation', () => {
  it.each([
    'ThrottlingError',
    'ProvisionedThroughputExceeded',
    'TransactionConflict',
    'RequestLimitExceeded',
  ])('%s is retryable', (Code) => {
    expect(isRetryableCancellation([{ Code: 'None' }, { Code }])).toBe(true);
  });

  it.each(['ConditionalCheckFailed', 'ValidationError', 'ItemCollectionSizeLimitExceeded'])(
    '%s is not',
    (Code) => {
      expect(isRetryableCancellation([{ Code }, { Code: 'None' }])).toBe(false);
    },
  );
});

describe('errorName / httpStatusOf', () => {
  it('reads the name and the v3 status, and nothing from what is not an SDK error', () => {
    expect(errorName(named('GoneException', 410))).toBe('GoneException');
    expect(httpStatusOf(named('GoneException', 410))).toBe(410);
    expect(errorName('GoneException')).toBeUndefined();
    expect(httpStatusOf(Object.assign(new Error('x'), { statusCode: 410 }))).toBeUndefined();
    expect(httpStatusOf(null)).toBeUndefined();
  });
});
