// ping: keeps API Gateway's 10-minute idle timer alive and lets the client measure round trips.
import { containerDeps } from '../container';
import { messageRoute, type HandlerDeps, type WebsocketHandler } from '../invocation';

export function createHandler(deps: HandlerDeps): WebsocketHandler {
  return messageRoute(deps, 'ping', async (frame) =>
    frame.ts === undefined ? { type: 'pong' } : { type: 'pong', ts: frame.ts },
  );
}

export const handler = createHandler(containerDeps());
