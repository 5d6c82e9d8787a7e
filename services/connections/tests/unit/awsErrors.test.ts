import {
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { cancellationReasons, isRetryableCancellation, isThrottlingError } from '../../src/awsErrors';

const meta = { $metadata: { httpStatusCode: 400 } };

describe('isThrottlingError', () => {
  it.each([
    new ProvisionedThroughputExceededException({ message: 'exceeded', ...meta }),
    new ThrottlingException({ message: 'throttled', ...meta }),
    new RequestLimitExceeded({ message: 'limit', ...meta }),
  ])('recognises the SDK v3 class %p by name', (error) => {
    expect(isThrottlingError(error)).toBe(true);
  });

  it('recognises an HTTP 429 from $metadata even without a known name', () => {
    expect(
      isThrottlingError(
        Object.assign(new Error('x'), { name: 'Unknown', $metadata: { httpStatusCode: 429 } }),
      ),
    ).toBe(true);
  });

  it.each([
    new Error('plain'),
    Object.assign(new Error('x'), { name: 'ValidationException', $metadata: { httpStatusCode: 400 } }),
    // A v2-style error: v3 never sets statusCode, so it must not count.
    Object.assign(new Error('x'), { statusCode: 429 }),
    'a string',
    null,
    undefined,
  ])('does not treat %p as throttling', (error) => {
    expect(isThrottlingError(error)).toBe(false);
  });
});

describe('cancellationReasons', () => {
  it('returns the per-item reasons of a TransactionCanceledException', () => {
    const error = new TransactionCanceledException({
      message: 'cancelled',
      ...meta,
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
    });
    expect(cancellationReasons(error)).toEqual([{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }]);
  });

  it('returns an empty list when the exception carries no reasons', () => {
    expect(cancellationReasons(new TransactionCanceledException({ message: 'cancelled', ...meta }))).toEqual(
      [],
    );
  });

  it('returns undefined for any other error', () => {
    expect(cancellationReasons(new Error('x'))).toBeUndefined();
    expect(cancellationReasons(undefined)).toBeUndefined();
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
