// "Acknowledged means delivered, for every text": texts from every corner of Unicode travel the
// whole pipeline (gateway → messages table → stream → dispatcher → SQS job → worker → @connections)
// and reach every member unchanged, and nothing sent after them waits; texts that could not travel
// byte-exact are refused at sendMessage, never acked, never stored.
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { MESSAGE_KIND, messageKey } from '@chorus/keys';
import type { MessageFrame } from '@chorus/protocol';
import { ChatClient } from './support/chatClient';
import { startLocalCloud, type RunningCloud } from './support/localCloudProcess';

const DELIVERY_WAIT_MS = 30_000;

/** Texts the protocol accepts; each must arrive exactly as sent (compared as strings). */
const CARRIED: Record<string, string> = {
  emoji: 'I ❤️ 🍕 and 😀!',
  zwj: 'family 👩‍👩‍👧‍👦 coder 👨🏽‍💻 rainbow 🏳️‍🌈',
  flags: '🇫🇷🇯🇵🇧🇷 and a tag sequence 🏴󠁧󠁢󠁳󠁣󠁴󠁿',
  cjk: '你好，世界。日本語のテキスト、한국어 문장',
  arabic: 'مرحبا بالعالم \u200Fمع علامة\u200E',
  combining: 'e\u0301 a\u0308 n\u0303 Z\u0351\u0325\u0354',
  astral: '𝒜𝓁𝓅𝒽𝒶 𐐷 𠜎 𓀀',
  newlines: 'line one\nline two\r\nline three\tafter a tab\n',
  quotes: `"double" 'single' “curly” «guillemets» \`back\``,
  backslashes: 'C:\\path\\to\\file \\u0041 \\n is not a newline \\" \\\\',
  separators:
    'JSON vs JS: \u2028 line and \u2029 paragraph separators, BOM \uFEFF, U+FFFD \uFFFD, private \uE000',
  markup: '<script>alert("x")</script> &amp; %s {{x}} ${y}',
  longEmoji: '😀'.repeat(2000),
  longEscapes: '"\\'.repeat(2000),
};

/** Texts that cannot travel byte-exact, with the precise complaint the error frame must carry. */
const REFUSED: Array<{ text: string; complaint: string }> = [
  { text: 'a\u0000b', complaint: 'U+0000 at index 1' },
  { text: 'bell\u0007', complaint: 'U+0007 at index 4' },
  { text: 'del\u007F', complaint: 'U+007F at index 3' },
  { text: 'c1\u0085', complaint: 'U+0085 at index 2' },
  { text: 'x\uFFFE', complaint: 'U+FFFE at index 1' },
  { text: '\uFDD0', complaint: 'U+FDD0 at index 0' },
  { text: 'plane end \u{1FFFF}', complaint: 'U+1FFFF at index 10' },
  { text: 'lone \uD83D high', complaint: 'U+D83D at index 5' },
  { text: 'lone low \uDE00', complaint: 'U+DE00 at index 9' },
];

let cloud: RunningCloud;
let sqs: SQSClient;
let dynamo: DynamoDBClient;
const clients: ChatClient[] = [];

async function connect(name: string, roomId: string): Promise<ChatClient> {
  const client = await ChatClient.connect(cloud.endpoints, name);
  clients.push(client);
  await client.request({ action: 'joinRoom', roomId }, 'presence', (f) => f.roomId === roomId);
  return client;
}

function messageWithId(client: ChatClient, messageId: string): MessageFrame | undefined {
  return client.ofType('message').find((m) => m.messageId === messageId);
}

beforeAll(async () => {
  cloud = await startLocalCloud();
  sqs = new SQSClient({
    endpoint: cloud.endpoints.sqsEndpoint,
    region: cloud.endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  dynamo = new DynamoDBClient({
    endpoint: cloud.endpoints.dynamodbEndpoint,
    region: cloud.endpoints.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  sqs?.destroy();
  dynamo?.destroy();
  if (cloud !== undefined) expect(await cloud.stop()).toBe(0);
});

describe('texts on the local cloud', () => {
  it('delivers every text unchanged to every member, and the message after them too', async () => {
    const roomId = 'unicode';
    // A sender whose display name is outside ASCII too: names travel in the same job body.
    const members = [
      await connect('李雷', roomId),
      await connect('Zoë', roomId),
      await connect('bob', roomId),
    ];
    const [sender] = members as [ChatClient, ...ChatClient[]];

    const sent: Array<{ label: string; text: string; messageId: string }> = [];
    for (const [label, text] of [...Object.entries(CARRIED), ['after', 'plain text after the exotic ones']]) {
      const ack = await sender.request(
        { action: 'sendMessage', roomId, text, clientMsgId: `t-${label}` },
        'ack',
        (f) => f.clientMsgId === `t-${label}`,
      );
      sent.push({ label: label!, text: text!, messageId: ack.messageId });
    }

    for (const member of members) {
      await member.waitFor(
        'every text',
        () => sent.every(({ messageId }) => messageWithId(member, messageId) !== undefined),
        DELIVERY_WAIT_MS,
      );
      for (const { label, text, messageId } of sent) {
        const got = messageWithId(member, messageId);
        expect({ label, text: got?.text, sender: got?.sender }).toEqual({ label, text, sender: '李雷' });
      }
    }

    // The history the server stored is the same text, too.
    const page = await sender.request({ action: 'history', roomId, limit: 100 }, 'history');
    expect(page.messages.map((m) => m.text)).toEqual(sent.map((s) => s.text));

    // Nothing was given up on: the dispatcher's failure queue is empty.
    const failures = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: cloud.endpoints.queues['DispatchFailuresQueue'],
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    expect(failures.Messages ?? []).toEqual([]);
  });

  it('refuses texts that cannot travel with INVALID_FRAME and no ack, and stores none of them', async () => {
    const roomId = 'refused';
    const ada = await connect('ada', roomId);
    const bob = await connect('bob', roomId);

    for (const [index, { text, complaint }] of REFUSED.entries()) {
      const clientMsgId = `bad-${index}`;
      const error = await ada.request(
        { action: 'sendMessage', roomId, text, clientMsgId },
        'error',
        (f) => f.clientMsgId === clientMsgId,
      );
      expect(error).toMatchObject({ code: 'INVALID_FRAME', action: 'sendMessage', clientMsgId });
      expect(error.message).toContain(complaint);
    }
    const ok = await ada.request(
      { action: 'sendMessage', roomId, text: 'still fine', clientMsgId: 'good' },
      'ack',
      (f) => f.clientMsgId === 'good',
    );
    await bob.waitFor('the good message', () => messageWithId(bob, ok.messageId) !== undefined);

    expect(ada.ofType('ack').map((a) => a.clientMsgId)).toEqual(['good']);
    expect(bob.ofType('message').map((m) => m.text)).toEqual(['still fine']);
    const page = await bob.request({ action: 'history', roomId }, 'history');
    expect(page.messages.map((m) => m.text)).toEqual(['still fine']);
  });

  it('sets a record that can never be dispatched aside at once; the message behind it arrives once', async () => {
    const roomId = 'poison';
    const ada = await connect('ada', roomId);
    // A chat message row no handler would write (sentAt is not a string): the dispatcher cannot
    // fan it out, however often the stream retries it.
    const poisonId = '01KAAAAAAAAAAAAAAAAAAAAAAA';
    await dynamo.send(
      new PutItemCommand({
        TableName: cloud.endpoints.tables['MessagesTable'],
        Item: {
          ...Object.fromEntries(Object.entries(messageKey(roomId, poisonId)).map(([k, v]) => [k, { S: v }])),
          kind: { S: MESSAGE_KIND },
          roomId: { S: roomId },
          messageId: { S: poisonId },
          clientMsgId: { S: 'poison' },
          sender: { S: 'nobody' },
          text: { S: 'never delivered' },
          sentAt: { N: '12' },
        },
      }),
    );
    const ok = await ada.request(
      { action: 'sendMessage', roomId, text: 'behind the poison', clientMsgId: 'behind' },
      'ack',
    );
    await ada.waitFor('the message behind the poison', () => messageWithId(ada, ok.messageId) !== undefined);

    // The dispatcher described it itself (not the stream's give-up after its retries).
    const bodies: string[] = [];
    const deadline = Date.now() + DELIVERY_WAIT_MS;
    while (bodies.length === 0 && Date.now() < deadline) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: cloud.endpoints.queues['DispatchFailuresQueue'],
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      bodies.push(...(received.Messages ?? []).map((m) => m.Body ?? ''));
    }
    expect(bodies.map((body) => JSON.parse(body) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        condition: 'UndeliverableRecord',
        error: expect.objectContaining({ code: 'INVALID_STREAM_RECORD' }),
        record: expect.objectContaining({ keys: { pk: { S: `ROOM#${roomId}` }, sk: { S: poisonId } } }),
      }),
    ]);
    // Not replayed: the record was not failed, so nothing behind it was dispatched twice.
    await new Promise((r) => setTimeout(r, 1500));
    expect(ada.ofType('message').map((m) => m.messageId)).toEqual([ok.messageId]);
  });
});
