import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { cancellationReasons, isThrottlingError, isTransactionCanceled } from '../../src/awsErrors';

function named(name: string, httpStatusCode?: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
}

describe('isThrottlingError', () => {
  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'])(
    'recognises %s by name',
    (name) => {
      expect(isThrottlingError(named(name, 400))).toBe(true);
    },
  );

  it('recognises the real SDK exception class', () => {
    const error = new ProvisionedThroughputExceededException({
      message: 'x',
      $metadata: { httpStatusCode: 400 },
    });
    expect(isThrottlingError(error)).toBe(true);
  });

  it('recognises an HTTP 429 whatever the name', () => {
    expect(isThrottlingError(named('SomethingNew', 429))).toBe(true);
  });

  it('recognises a transaction cancelled because an item was throttled', () => {
    const error = new TransactionCanceledException({
      message: 'cancelled',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
    });
    expect(isThrottlingError(error)).toBe(true);
  });

  it.each([
    ['a plain error', new Error('boom')],
    ['a validation error', named('ValidationException', 400)],
    [
      'a conditional cancel',
      Object.assign(named('TransactionCanceledException', 400), {
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
      }),
    ],
    ['a string', 'ThrottlingException'],
    ['null', null],
  ])('does not treat %s as throttling', (_label, error) => {
    expect(isThrottlingError(error)).toBe(false);
  });
});

describe('cancellationReasons / isTransactionCanceled', () => {
  it('reads the reasons of a cancelled transaction', () => {
    const error = Object.assign(named('TransactionCanceledException'), {
      CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
    });
    expect(isTransactionCanceled(error)).toBe(true);
    expect(cancellationReasons(error).map((reason) => reason.Code)).toEqual([
      'None',
      'ConditionalCheckFailed',
    ]);
  });

  it('is empty for other errors or missing reasons', () => {
    expect(isTransactionCanceled(named('ValidationException'))).toBe(false);
    expect(cancellationReasons(named('ValidationException'))).toEqual([]);
    expect(cancellationReasons(named('TransactionCanceledException'))).toEqual([]);
  });
});
