import '../../support/env';
import { createHandler } from '../../../src/handlers/removeMember';
import { frameEvent } from '../../support/events';
import { connection, testDeps } from '../../support/fakes';
import { expectErrorFrame, expectFrame } from '../../support/results';

async function roomWithBob() {
  const deps = testDeps();
  const [ada, bob] = [connection('Ada'), connection('Bob')];
  for (const c of [ada, bob]) await deps.store.saveConnection(c);
  await deps.service.rooms.create(ada.connectionId, { roomId: 'club', private: true, members: ['user-Bob'] });
  await deps.service.joinRoom(bob.connectionId, 'club');
  return { deps, ada, bob };
}

describe('removeMember', () => {
  it('lets the owner remove a member, cutting off their connections in the room', async () => {
    const { deps, ada, bob } = await roomWithBob();
    const event = frameEvent(
      { action: 'removeMember', roomId: 'club', userId: 'user-Bob' },
      { connectionId: ada.connectionId },
    );
    expect(expectFrame(await createHandler(deps)(event), 'member')).toEqual({
      type: 'member',
      roomId: 'club',
      userId: 'user-Bob',
      member: false,
    });
    expect(deps.store.memberships.get(bob.connectionId)).toEqual(new Set());
    expect(deps.metrics.published.get('MembersRemoved')).toBe(1);
    expect(deps.metrics.published.get('MemberConnectionsCutOff')).toBe(1);
  });

  it('answers FORBIDDEN to a member who is not the owner', async () => {
    const { deps, bob } = await roomWithBob();
    const event = frameEvent(
      { action: 'removeMember', roomId: 'club', userId: 'user-Ada' },
      { connectionId: bob.connectionId },
    );
    expectErrorFrame(await createHandler(deps)(event), 'FORBIDDEN', event, 'removeMember');
    expect(deps.store.access.get('club')).toEqual(new Set(['user-Ada', 'user-Bob']));
  });

  it('answers INVALID_FRAME to an owner removing themself', async () => {
    const { deps, ada } = await roomWithBob();
    const event = frameEvent(
      { action: 'removeMember', roomId: 'club', userId: 'user-Ada' },
      { connectionId: ada.connectionId },
    );
    const frame = expectErrorFrame(await createHandler(deps)(event), 'INVALID_FRAME', event, 'removeMember');
    expect(frame.message).toMatch(/owner/);
  });
});
