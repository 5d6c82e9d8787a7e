import { TEXT_MAX_CHARS, encodeServerFrame } from '@chorus/protocol';
import {
  MAX_JOB_BYTES,
  byteLength,
  encodeDeliveryJob,
  encodeQueueJob,
  encodedIdBytes,
  isExpandJob,
  parseDeliveryJob,
  parseQueueJob,
} from '../../src/deliveryJob';
import { SQS_BATCH_MAX_BYTES, SQS_BATCH_MAX_ENTRIES } from '../../src/deliveryQueue';
import { InvalidDeliveryJobError } from '../../src/errors';
import { deliveryJob } from './support/fakes';

describe('parseDeliveryJob', () => {
  it('round-trips an encoded job', () => {
    const job = deliveryJob({ attempt: 3, connectionIds: ['x=', 'y='] });
    expect(parseDeliveryJob(encodeDeliveryJob(job))).toEqual(job);
  });

  it('drops the senderConnectionId jobs of older versions carried (never read)', () => {
    const job = deliveryJob();
    expect(parseDeliveryJob(JSON.stringify({ ...job, senderConnectionId: 'old=' }))).toEqual(job);
    expect(encodeDeliveryJob(job)).not.toContain('senderConnectionId');
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

describe('job bodies', () => {
  const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

  function payloadOf(text: string, sender = 'ada'): string {
    return encodeServerFrame({
      type: 'message',
      roomId: 'lobby',
      messageId: '01JDZ6Q5J8K3M4N5P6Q7R8S9TV',
      clientMsgId: 'c-1',
      sender,
      senderId: 'user-1',
      text,
      sentAt: '2026-11-28T00:00:00.000Z',
    });
  }

  it.each([
    ['emoji', 'I ❤️ 🍕 😀 👩‍👩‍👧‍👦 🇫🇷'],
    ['CJK and Arabic', '你好 مرحبا'],
    ['quotes, backslashes, newlines', '"\\u0000\n\r\n\t'],
  ])('carry %s byte-exact in printable ASCII, for delivery and expand jobs alike', (_label, text) => {
    const job = deliveryJob({ payload: payloadOf(text, '李雷') });
    const body = encodeDeliveryJob(job);
    expect(body).toMatch(PRINTABLE_ASCII);
    const parsed = parseDeliveryJob(body);
    expect(parsed.payload).toBe(job.payload);
    expect(Buffer.from(parsed.payload, 'utf8').equals(Buffer.from(job.payload, 'utf8'))).toBe(true);

    const expand = { kind: 'expand' as const, roomId: 'r', messageId: 'm', payload: job.payload, shard: 0 };
    expect(encodeQueueJob(expand)).toMatch(PRINTABLE_ASCII);
    expect(parseQueueJob(encodeQueueJob(expand))).toEqual(expand);
  });

  it('keep the worst text the protocol accepts within one job, and ten such jobs of 100 ids within one batch', () => {
    // 6 body bytes per UTF-16 unit is the most any accepted character costs (non-ASCII, escaped).
    const worst = payloadOf('你'.repeat(TEXT_MAX_CHARS), '𝒜'.repeat(16));
    const ids = Array.from({ length: 100 }, (_, i) => `Aa0${String(i).padStart(11, '0')}=`);
    const body = encodeDeliveryJob(deliveryJob({ payload: worst, connectionIds: ids }));
    expect(byteLength(body)).toBeGreaterThan(6 * TEXT_MAX_CHARS);
    expect(byteLength(body)).toBeLessThan(6 * TEXT_MAX_CHARS + 3000);
    expect(byteLength(body)).toBeLessThan(MAX_JOB_BYTES);
    expect(SQS_BATCH_MAX_ENTRIES * byteLength(body)).toBeLessThan(SQS_BATCH_MAX_BYTES);
  });

  it('count an id as the bytes it adds to the encoded body', () => {
    const empty = encodeDeliveryJob(deliveryJob({ connectionIds: ['x'] }));
    const two = encodeDeliveryJob(deliveryJob({ connectionIds: ['x', 'ééé='] }));
    expect(byteLength(two) - byteLength(empty)).toBe(encodedIdBytes('ééé='));
  });
});
