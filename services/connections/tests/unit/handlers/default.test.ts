import '../../support/env';
import { FRAME_MAX_BYTES } from '@chorus/protocol';
import { createHandler, handler } from '../../../src/handlers/default';
import { frameEvent, messageEvent } from '../../support/events';
import { testDeps } from '../../support/fakes';
import { expectErrorFrame } from '../../support/results';

describe('$default', () => {
  it.each([
    ['not JSON', 'hello'],
    ['a JSON array', '[{"action":"ping"}]'],
    ['a JSON string', '"ping"'],
    ['JSON null', 'null'],
    ['empty', ''],
  ])('answers MALFORMED_FRAME for a body that is %s', async (_label, body) => {
    const event = messageEvent('$default', body);
    expectErrorFrame(await createHandler(testDeps())(event), 'MALFORMED_FRAME', event, undefined);
  });

  it('answers MALFORMED_FRAME when there is no body at all', async () => {
    const event = messageEvent('$default', undefined);
    expectErrorFrame(await createHandler(testDeps())(event), 'MALFORMED_FRAME', event, undefined);
  });

  it('answers FRAME_TOO_LARGE for a frame over the limit', async () => {
    const event = frameEvent({ action: 'sendMessage', text: 'x'.repeat(FRAME_MAX_BYTES) });
    expectErrorFrame(await createHandler(testDeps())(event), 'FRAME_TOO_LARGE', event, undefined);
  });

  it('answers UNKNOWN_ACTION naming the action', async () => {
    const event = frameEvent({ action: 'dance', roomId: 'lobby' });
    const frame = expectErrorFrame(await createHandler(testDeps())(event), 'UNKNOWN_ACTION', event, 'dance');
    expect(frame.message).toContain('"dance"');
  });

  it('answers UNKNOWN_ACTION for an object without an action', async () => {
    const event = frameEvent({ roomId: 'lobby' });
    const frame = expectErrorFrame(
      await createHandler(testDeps())(event),
      'UNKNOWN_ACTION',
      event,
      undefined,
    );
    expect(frame.message).toMatch(/missing/);
  });

  it('answers UNKNOWN_ACTION for a known action whose route is not served here', async () => {
    const event = messageEvent('$default', JSON.stringify({ action: 'history', roomId: 'lobby' }));
    const frame = expectErrorFrame(
      await createHandler(testDeps())(event),
      'UNKNOWN_ACTION',
      event,
      'history',
    );
    expect(frame.message).toContain('"history"');
  });

  it('cuts a huge action name in the error frame', async () => {
    const action = 'a'.repeat(500);
    const event = frameEvent({ action });
    const frame = expectErrorFrame(
      await createHandler(testDeps())(event),
      'UNKNOWN_ACTION',
      event,
      action.slice(0, 64),
    );
    expect(frame.message.length).toBeLessThan(400);
  });

  it('logs refusals at info (client faults, not ours), counts them, and never calls the store', async () => {
    const deps = testDeps();
    const spies = [
      jest.spyOn(deps.store, 'findConnection'),
      jest.spyOn(deps.store, 'listRoomUserNames'),
      jest.spyOn(deps.store, 'saveConnection'),
    ];
    await createHandler(deps)(frameEvent({ action: 'dance' }));
    expect(deps.logger.info).toHaveBeenCalledWith('request refused', expect.anything());
    expect(deps.logger.warn).not.toHaveBeenCalled();
    expect(deps.logger.error).not.toHaveBeenCalled();
    expect(deps.metrics.published.get('ErrorFrames')).toBe(1);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('is wired as the exported handler', async () => {
    const event = messageEvent('$default', '{oops');
    expectErrorFrame(await handler(event), 'MALFORMED_FRAME', event, undefined);
  });
});
