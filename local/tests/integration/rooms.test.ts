// Rooms you may enter, and the per-user limits, on the local cloud: real gateway, real handlers,
// DynamoDB Local, signed-in users. An outsider is refused on every route of a private room with
// the answer a room it never heard of gets; the owner's changes take effect on live connections.
import type { ErrorFrame, ServerFrame } from '@chorus/protocol';
import { ChatClient, signIn } from './support/chatClient';
import { startLocalCloud, type RunningCloud } from './support/localCloudProcess';

jest.setTimeout(180_000);

/** Small limits, so the test reaches them in a few frames (stage params, as a deploy passes them). */
const SEND_BURST = 3;
const MAX_CONNECTIONS = 3;

let cloud: RunningCloud;
const clients: ChatClient[] = [];

beforeAll(async () => {
  cloud = await startLocalCloud({
    env: {
      CHORUS_PARAMS: `sendRateBurst=${SEND_BURST},sendRatePerSecond=2,maxConnectionsPerUser=${MAX_CONNECTIONS}`,
    },
  });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  if (cloud !== undefined) expect(await cloud.stop()).toBe(0);
});

interface Person {
  userId: string;
  token: string;
}

/** Signs in once; the user id is the token's `sub`, as the webapp shows it. */
async function person(name: string): Promise<Person> {
  const token = await signIn(cloud.endpoints.signIn, name);
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
    sub: string;
  };
  return { userId: claims.sub, token };
}

async function connect(who: Person): Promise<ChatClient> {
  const client = await ChatClient.open(
    cloud.endpoints.websocketUrl,
    `?token=${encodeURIComponent(who.token)}`,
  );
  clients.push(client);
  return client;
}

/** The next reply to `frame`, whatever its type (every frame gets exactly one). */
async function reply(client: ChatClient, frame: unknown): Promise<ServerFrame> {
  const seen = client.frames.length;
  client.send(frame);
  await client.waitFor('a reply', (frames) =>
    frames.slice(seen).some((f) => f.type !== 'message' && f.type !== 'removed'),
  );
  return client.frames.slice(seen).find((f) => f.type !== 'message' && f.type !== 'removed')!;
}

/** What an outsider can see of an error: everything but the request id. */
function visible(frame: ServerFrame): Omit<ErrorFrame, 'requestId'> {
  expect(frame.type).toBe('error');
  const { requestId: _requestId, ...rest } = frame as ErrorFrame;
  return rest;
}

let roomCount = 0;
const freshRoom = (label: string): string => `${label}-${Date.now().toString(36)}-${(roomCount += 1)}`;

describe('private rooms', () => {
  it('refuses an outsider on every route exactly as a room that does not exist, and lets listed members in', async () => {
    const [ada, bob, eve] = await Promise.all([person('ada'), person('bob'), person('eve')]);
    const [owner, member, outsider] = await Promise.all([connect(ada), connect(bob), connect(eve)]);
    const club = freshRoom('club');

    expect(
      await reply(owner, { action: 'createRoom', roomId: club, private: true, members: [bob.userId] }),
    ).toEqual({
      type: 'room',
      roomId: club,
      private: true,
      ownerId: ada.userId,
    });
    await owner.request({ action: 'joinRoom', roomId: club }, 'presence', (f) => f.roomId === club);
    await member.request({ action: 'joinRoom', roomId: club }, 'presence', (f) => f.roomId === club);
    await owner.request({ action: 'sendMessage', roomId: club, text: 'secret', clientMsgId: 's1' }, 'ack');

    const routes = (roomId: string): unknown[] => [
      { action: 'history', roomId },
      { action: 'whoIsOnline', roomId },
      { action: 'sendMessage', roomId, text: 'let me in', clientMsgId: 'e1' },
      { action: 'leaveRoom', roomId },
      { action: 'addMember', roomId, userId: eve.userId },
      { action: 'removeMember', roomId, userId: bob.userId },
    ];
    const nowhere = freshRoom('nowhere');
    for (const [inClub, inNowhere] of routes(club).map((frame, i) => [frame, routes(nowhere)[i]] as const)) {
      const refused = visible(await reply(outsider, inClub));
      expect(refused).toMatchObject({ code: 'FORBIDDEN', roomId: club });
      expect(refused.message).not.toMatch(/ada|bob|secret|exist|private room is/i);
      // The same frame, word for word (room id aside), as for a room nobody ever created.
      const elsewhere = visible(await reply(outsider, inNowhere));
      expect(JSON.stringify(refused).replaceAll(club, 'X')).toBe(
        JSON.stringify(elsewhere).replaceAll(nowhere, 'X'),
      );
    }
    const join = visible(await reply(outsider, { action: 'joinRoom', roomId: club }));
    expect(join).toMatchObject({ code: 'FORBIDDEN', action: 'joinRoom', roomId: club });
    expect(join.message).toBe(
      visible(await reply(outsider, { action: 'whoIsOnline', roomId: club })).message,
    );

    // The outsider never received the room's message; the member did.
    await member.waitFor('the secret', (frames) =>
      frames.some((f) => f.type === 'message' && f.text === 'secret'),
    );
    expect(outsider.ofType('message')).toEqual([]);
    expect(outsider.raw.join('\n')).not.toContain('secret');
  });

  it('answers ROOM_EXISTS for a room id that was created or already used', async () => {
    const [ada, bob] = await Promise.all([person('ada'), person('bob')]);
    const [first, second] = await Promise.all([connect(ada), connect(bob)]);
    const room = freshRoom('taken');
    await first.request({ action: 'joinRoom', roomId: room }, 'presence'); // used as a public room
    expect(visible(await reply(second, { action: 'createRoom', roomId: room, private: true }))).toMatchObject(
      {
        code: 'ROOM_EXISTS',
        roomId: room,
      },
    );
  });

  it('a member the owner adds can join and receive; a removed one is told, cut off and refused', async () => {
    const [ada, cy] = await Promise.all([person('ada'), person('cy')]);
    const owner = await connect(ada);
    const [cyTab1, cyTab2] = [await connect(cy), await connect(cy)];
    const club = freshRoom('club');
    await reply(owner, { action: 'createRoom', roomId: club, private: true });
    await owner.request({ action: 'joinRoom', roomId: club }, 'presence');
    expect(visible(await reply(cyTab1, { action: 'joinRoom', roomId: club }))).toMatchObject({
      code: 'FORBIDDEN',
    });

    expect(await reply(owner, { action: 'addMember', roomId: club, userId: cy.userId })).toEqual({
      type: 'member',
      roomId: club,
      userId: cy.userId,
      member: true,
    });
    for (const tab of [cyTab1, cyTab2]) {
      await tab.request({ action: 'joinRoom', roomId: club }, 'presence', (f) => f.roomId === club);
    }
    const before = await owner.request(
      { action: 'sendMessage', roomId: club, text: 'welcome', clientMsgId: 'w1' },
      'ack',
    );
    for (const tab of [cyTab1, cyTab2]) {
      await tab.waitFor('welcome', (frames) =>
        frames.some((f) => f.type === 'message' && f.messageId === before.messageId),
      );
    }

    expect(await reply(owner, { action: 'removeMember', roomId: club, userId: cy.userId })).toMatchObject({
      type: 'member',
      member: false,
    });
    for (const tab of [cyTab1, cyTab2]) {
      await tab.waitFor('the removed event', (frames) =>
        frames.some((f) => f.type === 'removed' && f.roomId === club),
      );
    }
    const after = await owner.request(
      { action: 'sendMessage', roomId: club, text: 'bye', clientMsgId: 'w2' },
      'ack',
    );
    // The owner gets its own message back: the fan-out ran, and passed Cy's connections by.
    await owner.waitFor('bye', (frames) =>
      frames.some((f) => f.type === 'message' && f.messageId === after.messageId),
    );
    for (const tab of [cyTab1, cyTab2]) {
      expect(tab.ofType('message').map((m) => m.messageId)).not.toContain(after.messageId);
      for (const frame of [
        { action: 'history', roomId: club },
        { action: 'whoIsOnline', roomId: club },
        { action: 'sendMessage', roomId: club, text: 'still here?', clientMsgId: 'c1' },
        { action: 'joinRoom', roomId: club },
      ]) {
        expect(visible(await reply(tab, frame))).toMatchObject({ code: 'FORBIDDEN' });
      }
    }
  });
});

describe('members only, in every room', () => {
  it('refuses whoIsOnline and history before joining, even a public room', async () => {
    const [ada, bob] = await Promise.all([person('ada'), person('bob')]);
    const [inside, outside] = await Promise.all([connect(ada), connect(bob)]);
    const lobby = freshRoom('lobby');
    await inside.request({ action: 'joinRoom', roomId: lobby }, 'presence');
    for (const frame of [
      { action: 'whoIsOnline', roomId: lobby },
      { action: 'history', roomId: lobby },
    ]) {
      expect(visible(await reply(outside, frame))).toMatchObject({ code: 'FORBIDDEN', roomId: lobby });
    }
    await outside.request({ action: 'joinRoom', roomId: lobby }, 'presence');
    expect(await reply(outside, { action: 'whoIsOnline', roomId: lobby })).toMatchObject({
      type: 'presence',
      users: ['ada', 'bob'],
    });
    expect(await reply(outside, { action: 'history', roomId: lobby })).toMatchObject({ type: 'history' });
  });
});

describe('per-user limits', () => {
  it('answers RATE_LIMITED past the send burst, and the same frame goes out when resent after retryAfterMs', async () => {
    const dee = await person('dee');
    const [sender, watcher] = [await connect(dee), await connect(await person('eli'))];
    const room = freshRoom('busy');
    for (const client of [sender, watcher])
      await client.request({ action: 'joinRoom', roomId: room }, 'presence');

    // Fired at once: the burst goes through, the rest is refused, with how long to wait.
    const frames = Array.from({ length: SEND_BURST + 3 }, (_, i) => ({
      action: 'sendMessage',
      roomId: room,
      text: `m${i}`,
      clientMsgId: `m${i}`,
    }));
    for (const frame of frames) sender.send(frame);
    const settled = (id: string) => (f: ServerFrame) =>
      (f.type === 'ack' || f.type === 'error') && f.clientMsgId === id;
    await sender.waitFor('every answer', (all) =>
      frames.every((frame) => all.some(settled(frame.clientMsgId))),
    );
    const limited = sender
      .ofType('error')
      .filter(
        (f) => f.code === 'RATE_LIMITED' && frames.some((frame) => frame.clientMsgId === f.clientMsgId),
      );
    expect(limited.length).toBeGreaterThan(0);
    expect(sender.ofType('ack').length).toBeGreaterThanOrEqual(SEND_BURST);
    const refused = limited[0]!;
    expect(refused.retryAfterMs).toBeGreaterThan(0);

    // Resend the very same frame after the wait it was given, as the webapp does. On a loaded
    // machine a later frame of the burst can arrive after this refusal and take the token it was
    // promised, so a resend may be told to wait once more: follow each retryAfterMs, a few times.
    const again = frames.find((frame) => frame.clientMsgId === refused.clientMsgId)!;
    const isAnswer = (f: ServerFrame) =>
      (f.type === 'ack' || f.type === 'error') && f.clientMsgId === again.clientMsgId;
    let waitMs = Math.max(...limited.map((f) => f.retryAfterMs ?? 0));
    let ack: Extract<ServerFrame, { type: 'ack' }> | undefined;
    for (let attempt = 0; attempt < 5 && ack === undefined; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, waitMs + 50));
      const before = sender.frames.length;
      sender.send(again);
      await sender.waitFor('the resend answered', (all) => all.slice(before).some(isAnswer));
      const frame = sender.frames.slice(before).find(isAnswer)!;
      if (frame.type === 'ack') ack = frame;
      else {
        expect(frame).toMatchObject({ type: 'error', code: 'RATE_LIMITED' });
        waitMs = frame.type === 'error' ? (frame.retryAfterMs ?? 0) : 0;
      }
    }
    expect(ack).toBeDefined();
    await watcher.waitFor('the resent message', (all) =>
      all.some((f) => f.type === 'message' && f.messageId === ack!.messageId && f.text === again.text),
    );
  });

  it('refuses a connection past the per-user cap with 429 at the handshake, and takes one again after a close', async () => {
    const fay = await person('fay');
    const open: ChatClient[] = [];
    for (let i = 0; i < MAX_CONNECTIONS; i += 1) open.push(await connect(fay));
    await expect(connect(fay)).rejects.toMatchObject({ status: 429 });
    await open[0]!.close();
    // $disconnect runs after the close: the slot frees once its rows are gone.
    let reopened: ChatClient | undefined;
    for (let attempt = 0; attempt < 40 && reopened === undefined; attempt += 1) {
      reopened = await connect(fay).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 250));
        return undefined;
      });
    }
    expect(reopened?.isOpen).toBe(true);
  });
});
