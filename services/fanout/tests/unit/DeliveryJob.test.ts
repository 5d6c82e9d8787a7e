import {
  encodeDeliveryJob,
  encodeQueueJob,
  isExpandJob,
  parseDeliveryJob,
  parseQueueJob,
} from '../../src/DeliveryJob';
import { InvalidDeliveryJobError } from '../../src/errors';
import { deliveryJob } from './support/fakes';

describe('parseDeliveryJob', () => {
  it('round-trips an encoded job', () => {
    const job = deliveryJob({ attempt: 3, connectionIds: ['x=', 'y='] });
    expect(parseDeliveryJob(encodeDeliveryJob(job))).toEqual(job);
  });

  it('accepts a job without a sender connection', () => {
    const { senderConnectionId: _sender, ...job } = deliveryJob();
    expect(parseDeliveryJob(JSON.stringify(job))).toEqual(job);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseDeliveryJob('{oops')).toThrow(InvalidDeliveryJobError);
    expect(() => parseDeliveryJob('{oops')).toThrow(/not JSON/);
  });

  it('rejects JSON that is not an object', () => {
    expect(() => parseDeliveryJob('[1,2]')).toThrow('Delivery job must be a JSON object');
  });

  it('names every bad field', () => {
    const body = JSON.stringify({ roomId: '', messageId: 7, payload: 'p', connectionIds: [], attempt: 0 });
    let caught: unknown;
    try {
      parseDeliveryJob(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidDeliveryJobError);
    const message = (caught as Error).message;
    expect(message).toContain('roomId must be a non-empty string');
    expect(message).toContain('messageId must be a non-empty string');
    expect(message).toContain('connectionIds must be a non-empty array');
    expect(message).toContain('attempt must be an integer');
    expect((caught as InvalidDeliveryJobError).code).toBe('INVALID_DELIVERY_JOB');
  });

  it('rejects connection ids that are not strings', () => {
    const body = JSON.stringify({ ...deliveryJob(), connectionIds: ['a', 2] });
    expect(() => parseDeliveryJob(body)).toThrow(/connectionIds/);
  });
});

describe('parseQueueJob', () => {
  const expand = {
    kind: 'expand' as const,
    roomId: 'r',
    messageId: 'm',
    payload: 'p',
    shard: 2,
    cursor: { pk: 'ROOM#r#2', sk: 'CONN#x=' },
  };

  it('parses delivery jobs and expand jobs', () => {
    const job = deliveryJob();
    expect(parseQueueJob(encodeQueueJob(job))).toEqual(job);
    expect(parseQueueJob(encodeQueueJob(expand))).toEqual(expand);
    expect(isExpandJob(parseQueueJob(encodeQueueJob(expand)))).toBe(true);
  });

  it('rejects an unknown kind', () => {
    expect(() => parseQueueJob(JSON.stringify({ ...expand, kind: 'explode' }))).toThrow(/Unknown job kind/);
  });

  it('rejects an expand job with a bad shard or cursor', () => {
    expect(() => parseQueueJob(JSON.stringify({ ...expand, shard: -1, cursor: { pk: 1 } }))).toThrow(
      /shard must be an integer ≥ 0; cursor must be an object/,
    );
  });
});
