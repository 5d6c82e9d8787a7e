import '../../support/env';
import { forbiddenMessage } from '@chorus/protocol';
import { createHandler } from '../../../src/handlers/addMember';
import { frameEvent } from '../../support/events';
import { connection, testDeps } from '../../support/fakes';
import { expectErrorFrame, expectFrame } from '../../support/results';

async function ownedRoom() {
  const deps = testDeps();
  const [ada, bob] = [connection('Ada'), connection('Bob')];
  for (const c of [ada, bob]) await deps.store.saveConnection(c);
  await deps.service.rooms.create(ada.connectionId, { roomId: 'club', private: true, members: [] });
  return { deps, ada, bob };
}

describe('addMember', () => {
  it('lets the owner add a user id, answering `member`', async () => {
    const { deps, ada } = await ownedRoom();
    const event = frameEvent(
      { action: 'addMember', roomId: 'club', userId: 'user-Eve' },
      { connectionId: ada.connectionId },
    );
    expect(expectFrame(await createHandler(deps)(event), 'member')).toEqual({
      type: 'member',
      roomId: 'club',
      userId: 'user-Eve',
      member: true,
    });
    expect(deps.store.access.get('club')?.has('user-Eve')).toBe(true);
    expect(deps.metrics.published.get('MembersAdded')).toBe(1);
  });

  it('answers FORBIDDEN to anyone but the owner, and for a room that does not exist, alike', async () => {
    const { deps, bob } = await ownedRoom();
    for (const roomId of ['club', 'nowhere']) {
      const event = frameEvent(
        { action: 'addMember', roomId, userId: 'user-Bob' },
        { connectionId: bob.connectionId },
      );
      const frame = expectErrorFrame(await createHandler(deps)(event), 'FORBIDDEN', event, 'addMember');
      expect(frame.message).toBe(forbiddenMessage(roomId));
    }
    expect(deps.store.access.get('club')?.has('user-Bob')).toBe(false);
  });

  it('answers INVALID_FRAME without a userId', async () => {
    const { deps, ada } = await ownedRoom();
    const event = frameEvent({ action: 'addMember', roomId: 'club' }, { connectionId: ada.connectionId });
    expectErrorFrame(await createHandler(deps)(event), 'INVALID_FRAME', event, 'addMember');
  });
});
