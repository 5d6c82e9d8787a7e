// Sign-in at the handshake on the local cloud, end to end: the real gateway runs the real
// authorizer (aws-jwt-verify against the local issuer's JWKS) before $connect. Every bad token is
// refused with 401; identity comes only from the token.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  generateSigningKey,
  signingKeyFromJwk,
  signJwt,
  unsignedJwt,
  type SigningKey,
} from '@chorus/dev-auth';
import type { MessageFrame } from '@chorus/protocol';
import { ChatClient, signIn } from './support/chatClient';
import { REPO_ROOT, startLocalCloud, type RunningCloud } from './support/localCloudProcess';

jest.setTimeout(120_000);

let cloud: RunningCloud;
let issuerKey: SigningKey;
const clients: ChatClient[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud();
  // The key the local issuer made at its first start: lets the test sign tokens that differ
  // from a valid one in exactly one claim.
  issuerKey = signingKeyFromJwk(
    JSON.parse(await readFile(join(REPO_ROOT, '.chorus', 'issuer-key.json'), 'utf8')),
  );
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  if (cloud !== undefined) expect(await cloud.stop()).toBe(0);
});

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: cloud.endpoints.issuer,
    aud: 'chorus-local',
    sub: 'local-00000000-0000-4000-8000-000000000001',
    name: 'mallory',
    iat: nowSeconds(),
    exp: nowSeconds() + 600,
    ...overrides,
  };
}

async function open(token: string): Promise<ChatClient> {
  const client = await ChatClient.open(cloud.endpoints.websocketUrl, `?token=${encodeURIComponent(token)}`);
  clients.push(client);
  return client;
}

describe('authentication at the handshake', () => {
  it('publishes the sign-in in the endpoints file and accepts its token', async () => {
    expect(cloud.endpoints.signIn).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sign-in$/);
    expect(cloud.output()).toContain(`Sign-in          ${cloud.endpoints.signIn}`);
    const token = await signIn(cloud.endpoints.signIn, 'ada');
    const ada = await open(token);
    expect(ada.isOpen).toBe(true);
  });

  it('accepts a token it signed with its own key and claims (the control case)', async () => {
    await expect(open(signJwt(issuerKey, claims()))).resolves.toBeInstanceOf(ChatClient);
  });

  const stranger = generateSigningKey(); // another key, unknown kid
  const impostor = generateSigningKey(); // another key claiming the issuer's kid
  const bad: Array<[string, () => string | undefined]> = [
    ['missing', () => undefined],
    ['malformed', () => 'not.a.jwt'],
    ['alg none', () => unsignedJwt(claims())],
    ['expired', () => signJwt(issuerKey, claims({ iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }))],
    ['wrongly signed (unknown key)', () => signJwt(stranger, claims())],
    ['wrongly signed (same kid, other key)', () => signJwt({ ...impostor, kid: issuerKey.kid }, claims())],
    ['from another issuer', () => signJwt(issuerKey, claims({ iss: 'https://elsewhere.example' }))],
    ['for another audience', () => signJwt(issuerKey, claims({ aud: 'another-app' }))],
    ['valid at another issuer', () => signJwt(stranger, claims({ iss: 'https://elsewhere.example' }))],
  ];

  it.each(bad)('refuses a %s token with 401', async (_label, token) => {
    const made = token();
    const search = made === undefined ? '' : `?token=${encodeURIComponent(made)}`;
    await expect(ChatClient.open(cloud.endpoints.websocketUrl, search)).rejects.toMatchObject({
      status: 401,
    });
  });

  it('never writes a token to the logs', async () => {
    const token = signJwt(stranger, claims());
    await expect(open(token)).rejects.toMatchObject({ status: 401 });
    const valid = await signIn(cloud.endpoints.signIn, 'ada');
    await open(valid);
    const signature = (t: string): string => t.split('.')[2]!;
    expect(cloud.output()).not.toContain(signature(token));
    expect(cloud.output()).not.toContain(signature(valid));
  });
});

describe('identity from the token only', () => {
  async function member(name: string, roomId: string): Promise<ChatClient> {
    const client = await ChatClient.connect(cloud.endpoints, name);
    clients.push(client);
    await client.request({ action: 'joinRoom', roomId }, 'presence', (f) => f.roomId === roomId);
    return client;
  }

  it('tells apart two people with the same display name by senderId, whatever ?name= says', async () => {
    const token = await signIn(cloud.endpoints.signIn, 'sam');
    const first = await ChatClient.open(
      cloud.endpoints.websocketUrl,
      `?token=${encodeURIComponent(token)}&name=ada`,
    );
    clients.push(first);
    await first.request({ action: 'joinRoom', roomId: 'twins' }, 'presence', (f) => f.roomId === 'twins');
    const second = await member('sam', 'twins');

    const a = await first.request(
      { action: 'sendMessage', roomId: 'twins', text: 'one', clientMsgId: 'x' },
      'ack',
    );
    const b = await second.request(
      { action: 'sendMessage', roomId: 'twins', text: 'two', clientMsgId: 'x' },
      'ack',
    );
    expect(b.messageId).not.toBe(a.messageId); // same clientMsgId, different users: two messages

    const delivered = (id: string): MessageFrame | undefined =>
      second.ofType('message').find((m) => m.messageId === id);
    await second.waitFor(
      'both messages',
      () => delivered(a.messageId) !== undefined && delivered(b.messageId) !== undefined,
    );
    const [one, two] = [delivered(a.messageId)!, delivered(b.messageId)!];
    expect(one.sender).toBe('sam'); // the token's name, not ?name=ada
    expect(two.sender).toBe('sam');
    expect(one.senderId).toMatch(/^local-/);
    expect(two.senderId).toMatch(/^local-/);
    expect(one.senderId).not.toBe(two.senderId);
  });

  it('refuses a frame that tries to name its sender, and sends nothing', async () => {
    const eve = await member('eve', 'forgery');
    const forged = await eve.request(
      {
        action: 'sendMessage',
        roomId: 'forgery',
        text: 'x',
        clientMsgId: 'f1',
        sender: 'ada',
        senderId: 'local-x',
      },
      'error',
    );
    expect(forged.code).toBe('INVALID_FRAME');
    const history = await eve.request({ action: 'history', roomId: 'forgery' }, 'history');
    expect(history.messages).toEqual([]);
  });
});
