// Reading what a handler returned the way the client would: the body must be a valid server frame.
import { parseServerFrame, type ErrorCode, type ServerFrame, type ServerFrameOf } from '@chorus/protocol';
import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';
import type { WebSocketResult } from '../../src/webSocketRoute';

export function frameOf(result: WebSocketResult): ServerFrame {
  expect(result.statusCode).toBe(200);
  expect(typeof result.body).toBe('string');
  return parseServerFrame(result.body ?? '');
}

export function expectFrame<T extends ServerFrame['type']>(
  result: WebSocketResult,
  type: T,
): ServerFrameOf<T> {
  const frame = frameOf(result);
  expect(frame.type).toBe(type);
  return frame as ServerFrameOf<T>;
}

/** Asserts an `error` frame with `code` that points back at the event's request id. */
export function expectErrorFrame(
  result: WebSocketResult,
  code: ErrorCode,
  event: APIGatewayProxyWebsocketEventV2,
  action?: string,
): ServerFrameOf<'error'> {
  const frame = expectFrame(result, 'error');
  expect(frame.code).toBe(code);
  expect(frame.requestId).toBe(event.requestContext.requestId);
  expect(frame.action).toBe(action);
  expect(frame.message.length).toBeGreaterThan(0);
  return frame;
}
