// Route `history`: one page of a room's messages before / after an id, or the latest page.
import { messageRoute, type WebSocketHandler } from '@chorus/lambda-kit';
import { containerDeps, lazyMessages, type HandlerDeps } from '../container';
import { MessagesMetric } from '../telemetry';

export function createHandler(deps: HandlerDeps): WebSocketHandler {
  const messages = lazyMessages(deps);
  return messageRoute(deps, {
    action: 'history',
    rejectedMetric: MessagesMetric.HistoryRejected,
    summarize: (frame) =>
      frame.type === 'history'
        ? {
            responseType: frame.type,
            roomId: frame.roomId,
            count: frame.messages.length,
            hasMore: frame.hasMore,
          }
        : { responseType: frame.type },
    respond: (frame, event) => messages().history(event.requestContext.connectionId, frame),
  });
}

export const handler = createHandler(containerDeps());
