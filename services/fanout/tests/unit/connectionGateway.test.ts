import {
  ForbiddenException,
  GoneException,
  LimitExceededException,
  PayloadTooLargeException,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { classifyPostError } from '../../src/connectionGateway';
import { sdkError } from './support/fakes';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('classifyPostError', () => {
  it('recognises the SDK exception classes by name', () => {
    expect(classifyPostError(new GoneException({ message: 'gone', ...metadata(410) }))).toBe('gone');
    expect(classifyPostError(new ForbiddenException({ message: 'no', ...metadata(403) }))).toBe('rejected');
    expect(classifyPostError(new PayloadTooLargeException({ message: 'big', ...metadata(413) }))).toBe(
      'rejected',
    );
    expect(classifyPostError(new LimitExceededException({ message: 'slow', ...metadata(429) }))).toBe(
      'throttled',
    );
  });

  it('falls back to $metadata.httpStatusCode when the name is generic', () => {
    expect(classifyPostError(sdkError('UnknownError', 410))).toBe('gone');
    expect(classifyPostError(sdkError('UnknownError', 429))).toBe('throttled');
    expect(classifyPostError(sdkError('UnknownError', 503))).toBe('transient');
    expect(classifyPostError(sdkError('UnknownError', 404))).toBe('rejected');
  });

  it('ignores a v2-style statusCode property', () => {
    const v2Style = Object.assign(new Error('gone?'), { statusCode: 410 });
    expect(classifyPostError(v2Style)).toBe('transient');
  });

  it('treats errors without an HTTP status (network, timeouts) as transient', () => {
    expect(classifyPostError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe('transient');
    expect(classifyPostError(sdkError('TimeoutError'))).toBe('transient');
    expect(classifyPostError('weird')).toBe('transient');
  });
});
