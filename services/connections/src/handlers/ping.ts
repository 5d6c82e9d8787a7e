// ping: keeps API Gateway's 10-minute idle timer alive and lets the client measure round trips.
import { messageRoute, type WebSocketHandler } from '@chorus/lambda-kit';
import { ERROR_FRAMES_METRIC, containerDeps, type HandlerDeps } from '../container';

export function createHandler(deps: HandlerDeps): WebSocketHandler {
  return messageRoute(deps, {
    action: 'ping',
    rejectedMetric: ERROR_FRAMES_METRIC,
    respond: async (frame) => (frame.ts === undefined ? { type: 'pong' } : { type: 'pong', ts: frame.ts }),
  });
}

export const handler = createHandler(containerDeps());
