import '../../support/env';
import { createHandler, handler } from '../../../src/handlers/ping';
import { frameEvent, messageEvent } from '../../support/events';
import { testDeps } from '../../support/fakes';
import { expectErrorFrame, expectFrame } from '../../support/results';

describe('ping', () => {
  it('echoes the client ts in the pong', async () => {
    const ts = 1_764_000_000_000 + Math.floor(Math.random() * 1000);
    expect(expectFrame(await createHandler(testDeps())(frameEvent({ action: 'ping', ts })), 'pong')).toEqual({
      type: 'pong',
      ts,
    });
  });

  it('answers a bare pong when the client sent no ts', async () => {
    expect(expectFrame(await createHandler(testDeps())(frameEvent({ action: 'ping' })), 'pong')).toEqual({
      type: 'pong',
    });
  });

  it.each([
    ['a ts that is not a number', { action: 'ping', ts: 'now' }],
    ['an unknown field', { action: 'ping', roomId: 'lobby' }],
  ])('answers INVALID_FRAME for %s', async (_label, body) => {
    const event = frameEvent(body);
    expectErrorFrame(await createHandler(testDeps())(event), 'INVALID_FRAME', event, 'ping');
  });

  it('answers MALFORMED_FRAME for a JSON array', async () => {
    const event = messageEvent('ping', '[1,2]');
    expectErrorFrame(await createHandler(testDeps())(event), 'MALFORMED_FRAME', event, 'ping');
  });

  it('needs no data access (exported handler works without any DynamoDB mock)', async () => {
    expect(expectFrame(await handler(frameEvent({ action: 'ping', ts: 5 })), 'pong').ts).toBe(5);
  });

  it('appends and then clears the per-invocation log keys', async () => {
    const deps = testDeps();
    const event = frameEvent({ action: 'ping' });
    await createHandler(deps)(event);
    expect(deps.logger.appendKeys).toHaveBeenCalledWith({
      requestId: event.requestContext.requestId,
      connectionId: event.requestContext.connectionId,
      routeKey: 'ping',
    });
    expect(deps.logger.resetKeys).toHaveBeenCalledTimes(1);
  });
});
