import '../../support/env';
import { createHandler } from '../../../src/handlers/createRoom';
import { frameEvent } from '../../support/events';
import { connection, testDeps } from '../../support/fakes';
import { expectErrorFrame, expectFrame } from '../../support/results';

describe('createRoom', () => {
  it('creates a private room owned by the caller and answers `room`', async () => {
    const deps = testDeps();
    const ada = connection('Ada');
    await deps.store.saveConnection(ada);
    const event = frameEvent(
      { action: 'createRoom', roomId: 'club', private: true, members: ['user-Bob'] },
      { connectionId: ada.connectionId },
    );
    expect(expectFrame(await createHandler(deps)(event), 'room')).toEqual({
      type: 'room',
      roomId: 'club',
      private: true,
      ownerId: 'user-Ada',
    });
    expect(deps.store.access.get('club')).toEqual(new Set(['user-Ada', 'user-Bob']));
    expect(deps.metrics.published.get('RoomsCreated')).toBe(1);
  });

  it('answers ROOM_EXISTS for a taken id', async () => {
    const deps = testDeps();
    const ada = connection('Ada');
    await deps.store.saveConnection(ada);
    const frame = { action: 'createRoom', roomId: 'club' };
    await createHandler(deps)(frameEvent(frame, { connectionId: ada.connectionId }));
    const again = frameEvent(frame, { connectionId: ada.connectionId });
    expectErrorFrame(await createHandler(deps)(again), 'ROOM_EXISTS', again, 'createRoom');
  });

  it('answers INVALID_FRAME for members of a public room and for a bad member id', async () => {
    const deps = testDeps();
    const ada = connection('Ada');
    await deps.store.saveConnection(ada);
    for (const body of [
      { action: 'createRoom', roomId: 'open', members: ['user-Bob'] },
      { action: 'createRoom', roomId: 'club', private: true, members: ['no spaces'] },
    ]) {
      const event = frameEvent(body, { connectionId: ada.connectionId });
      expectErrorFrame(await createHandler(deps)(event), 'INVALID_FRAME', event, 'createRoom');
    }
    expect(deps.store.rooms.size).toBe(0);
  });

  it('answers UNKNOWN_CONNECTION without a connection row', async () => {
    const event = frameEvent({ action: 'createRoom', roomId: 'club' });
    expectErrorFrame(await createHandler(testDeps())(event), 'UNKNOWN_CONNECTION', event, 'createRoom');
  });
});
