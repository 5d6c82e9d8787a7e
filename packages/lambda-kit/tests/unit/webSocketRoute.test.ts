import type { Context } from 'aws-lambda';
import { ErrorCode, ProtocolError } from '@chorus/protocol';
import { failureResult, frameBody, messageRoute, withInvocation } from '../../src/webSocketRoute';
import { routeDeps as testDeps } from '../support/recorders';
import { expectErrorFrame, expectFrame } from '../support/results';
import { frameEvent, messageEvent } from '../support/webSocketEvents';

const REJECTED = 'ErrorFrames';

describe('frameBody', () => {
  it('returns text frames as they are and decodes base64 frames', () => {
    expect(frameBody(messageEvent('ping', '{"action":"ping"}'))).toBe('{"action":"ping"}');
    expect(frameBody(messageEvent('ping', '{"action":"ping","x":"é"}', { base64: true }))).toBe(
      '{"action":"ping","x":"é"}',
    );
    expect(frameBody(messageEvent('ping', undefined))).toBeUndefined();
  });
});

describe('withInvocation', () => {
  it('appends request/connection ids, adds the Lambda context, flushes metrics and clears keys', async () => {
    const deps = testDeps();
    const event = frameEvent({ action: 'ping' });
    const context = { awsRequestId: 'abc', functionName: 'chorus-connections-dev-ping' } as Context;

    await withInvocation(deps, event, context, async () => {
      deps.metrics.addMetric('Joins', 'Count', 2);
      return { statusCode: 200 };
    });

    expect(deps.logger.appendKeys).toHaveBeenCalledWith(
      expect.objectContaining({
        requestId: event.requestContext.requestId,
        connectionId: event.requestContext.connectionId,
      }),
    );
    expect(deps.logger.addContext).toHaveBeenCalledWith(context);
    expect(deps.metrics.published.get('Joins')).toBe(2);
    expect(deps.logger.resetKeys).toHaveBeenCalledTimes(1);
  });

  it('does not publish when nothing was recorded (Powertools would warn about empty metrics)', async () => {
    const deps = testDeps();
    await withInvocation(deps, frameEvent({ action: 'ping' }), undefined, async () => ({ statusCode: 200 }));
    expect(deps.metrics.publishStoredMetrics).not.toHaveBeenCalled();
    expect(deps.logger.addContext).not.toHaveBeenCalled();
  });

  it('clears keys even when the work throws', async () => {
    const deps = testDeps();
    await expect(
      withInvocation(deps, frameEvent({ action: 'ping' }), undefined, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(deps.logger.resetKeys).toHaveBeenCalledTimes(1);
  });

  it('survives a metrics flush that throws', async () => {
    const deps = testDeps();
    deps.metrics.publishStoredMetrics.mockImplementation(() => {
      throw new Error('too many dimensions');
    });
    const result = await withInvocation(deps, frameEvent({ action: 'ping' }), undefined, async () => {
      deps.metrics.addMetric('Joins', 'Count', 1);
      return { statusCode: 200 };
    });
    expect(result).toEqual({ statusCode: 200 });
    expect(deps.logger.warn).toHaveBeenCalled();
  });
});

describe('messageRoute', () => {
  it('responds with the frame the route produced', async () => {
    const deps = testDeps();
    const route = messageRoute(deps, {
      action: 'whoIsOnline',
      rejectedMetric: REJECTED,
      respond: async (frame) => ({ type: 'presence', roomId: frame.roomId, users: [] }),
    });
    expect(
      expectFrame(await route(frameEvent({ action: 'whoIsOnline', roomId: 'r1' })), 'presence').roomId,
    ).toBe('r1');
  });

  it('turns a frame of another action into INVALID_FRAME', async () => {
    const deps = testDeps();
    const respond = jest.fn();
    const route = messageRoute(deps, { action: 'joinRoom', rejectedMetric: REJECTED, respond });
    const event = messageEvent('joinRoom', JSON.stringify({ action: 'leaveRoom', roomId: 'r1' }));
    expectErrorFrame(await route(event), 'INVALID_FRAME', event, 'leaveRoom');
    expect(respond).not.toHaveBeenCalled();
  });

  it('turns a frame the route builds wrongly (a server bug) into INTERNAL_ERROR instead of throwing', async () => {
    const deps = testDeps();
    const route = messageRoute(deps, {
      action: 'ping',
      rejectedMetric: REJECTED,
      respond: async () => ({ type: 'presence', roomId: '!!', users: [] }),
    });
    const event = frameEvent({ action: 'ping' });
    expectErrorFrame(await route(event), 'INTERNAL_ERROR', event, 'ping');
    expect(deps.logger.error).toHaveBeenCalled();
  });

  it('turns a thrown non-Error into INTERNAL_ERROR', async () => {
    const deps = testDeps();
    const route = messageRoute(deps, {
      action: 'ping',
      rejectedMetric: REJECTED,
      respond: async () => {
        throw 'not an error object';
      },
    });
    const event = frameEvent({ action: 'ping' });
    expectErrorFrame(await route(event), 'INTERNAL_ERROR', event, 'ping');
  });
});

describe('failureResult', () => {
  it('names the room of the refused frame, also of a frame that failed validation', () => {
    const deps = testDeps();
    const throttled = Object.assign(new Error('x'), { name: 'ThrottlingException' });
    const join = frameEvent({ action: 'joinRoom', roomId: 'lobby' });
    expect(
      expectErrorFrame(
        failureResult(deps, join, throttled, { action: 'joinRoom', rejectedMetric: REJECTED }),
        'THROTTLED',
        join,
        'joinRoom',
      ),
    ).toHaveProperty('roomId', 'lobby');
    const invalid = frameEvent({ action: 'whoIsOnline', roomId: 'lobby', extra: 1 });
    const refused = new ProtocolError(ErrorCode.INVALID_FRAME, 'extra');
    expect(
      expectFrame(
        failureResult(deps, invalid, refused, { action: 'whoIsOnline', rejectedMetric: REJECTED }),
        'error',
      ).roomId,
    ).toBe('lobby');
    const noRoom = frameEvent({ action: 'ping' });
    expect(
      expectFrame(
        failureResult(deps, noRoom, throttled, { action: 'ping', rejectedMetric: REJECTED }),
        'error',
      ),
    ).not.toHaveProperty('roomId');
  });

  it('counts error frames and throttles separately', () => {
    const deps = testDeps();
    const event = frameEvent({ action: 'ping' });
    failureResult(deps, event, Object.assign(new Error('x'), { name: 'ThrottlingException' }), {
      action: 'ping',
      rejectedMetric: REJECTED,
    });
    deps.metrics.publishStoredMetrics();
    expect(deps.metrics.published.get('ErrorFrames')).toBe(1);
    expect(deps.metrics.published.get('Throttled')).toBe(1);
    expect(deps.metrics.published.has('InternalErrors')).toBe(false);
  });

  it('counts internal failures and logs them as errors; refusals log at info', () => {
    const deps = testDeps();
    const event = frameEvent({ action: 'ping' });
    failureResult(deps, event, new TypeError('x is undefined'), { action: 'ping', rejectedMetric: REJECTED });
    failureResult(deps, event, new ProtocolError(ErrorCode.INVALID_FRAME, 'bad'), {
      action: 'ping',
      rejectedMetric: REJECTED,
    });
    deps.metrics.publishStoredMetrics();
    expect(deps.metrics.published.get('InternalErrors')).toBe(1);
    expect(deps.metrics.published.get(REJECTED)).toBe(2);
    expect(deps.logger.error).toHaveBeenCalledTimes(1);
    expect(deps.logger.info).toHaveBeenCalledWith(
      'request refused',
      expect.objectContaining({ code: 'INVALID_FRAME' }),
    );
  });

  it('carries the clientMsgId the route reads from the raw body', () => {
    const deps = testDeps();
    const event = frameEvent({ action: 'sendMessage', roomId: 'lobby', clientMsgId: 'c-1', text: '' });
    const result = failureResult(deps, event, new ProtocolError(ErrorCode.INVALID_FRAME, 'text'), {
      action: 'sendMessage',
      rejectedMetric: REJECTED,
      clientMsgIdOf: (body) => (JSON.parse(body ?? '{}') as { clientMsgId?: string }).clientMsgId,
    });
    expect(expectFrame(result, 'error')).toMatchObject({ clientMsgId: 'c-1', roomId: 'lobby' });
  });
});

describe('messageRoute logging', () => {
  it('logs the summary of a successful answer only when the route gives one', async () => {
    const deps = testDeps();
    const route = messageRoute(deps, {
      action: 'ping',
      rejectedMetric: REJECTED,
      summarize: (frame) => ({ responseType: frame.type }),
      respond: async () => ({ type: 'pong' }),
    });
    await route(frameEvent({ action: 'ping' }));
    expect(deps.logger.info).toHaveBeenCalledWith('ping answered', { responseType: 'pong' });
  });

  it('hands the whole event to the route, so it can read requestContext', async () => {
    const deps = testDeps();
    const respond = jest.fn(async () => ({ type: 'pong' as const }));
    const event = frameEvent({ action: 'ping' });
    await messageRoute(deps, { action: 'ping', rejectedMetric: REJECTED, respond })(event);
    expect(respond).toHaveBeenCalledWith({ action: 'ping' }, event);
  });
});
