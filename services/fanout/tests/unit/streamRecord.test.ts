import { InvalidStreamRecordError } from '../../src/errors';
import { messageFromStreamRecord } from '../../src/streamRecord';
import { chatMessage, streamRecord } from './support/fakes';

describe('messageFromStreamRecord', () => {
  it('returns the chat message of an INSERT, and nothing else of the item', () => {
    const message = chatMessage({ text: 'hi there' });
    expect(messageFromStreamRecord(streamRecord(message))).toEqual(message);
    // Rows written before senderConnectionId was dropped still carry it.
    const old = streamRecord(message, { image: { senderConnectionId: { S: 'old=' } } });
    expect(messageFromStreamRecord(old)).toEqual(message);
  });

  it.each(['MODIFY', 'REMOVE'] as const)('ignores %s records', (eventName) => {
    expect(messageFromStreamRecord(streamRecord(chatMessage(), { eventName }))).toBeUndefined();
  });

  it('ignores items that are not chat messages (dedup markers)', () => {
    expect(messageFromStreamRecord(streamRecord(chatMessage(), { kind: 'dedup' }))).toBeUndefined();
  });

  it('ignores a record without a new image', () => {
    const record = streamRecord();
    delete record.dynamodb?.NewImage;
    expect(messageFromStreamRecord(record)).toBeUndefined();
  });

  it('throws InvalidStreamRecordError for a chat message with bad fields', () => {
    const record = streamRecord(chatMessage(), { image: { messageId: { S: 'not-a-ulid' } } });
    expect(() => messageFromStreamRecord(record)).toThrow(InvalidStreamRecordError);
    expect(() => messageFromStreamRecord(record)).toThrow(/messageId/);
  });

  it('throws InvalidStreamRecordError for an image that cannot be unmarshalled', () => {
    const record = streamRecord(chatMessage(), { image: { text: { Z: 'not an attribute type' } } });
    expect(() => messageFromStreamRecord(record)).toThrow(InvalidStreamRecordError);
    expect(() => messageFromStreamRecord(record)).toThrow(/unreadable image/);
  });
});
