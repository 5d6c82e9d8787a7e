// Route `sendMessage`: store the message once and ack it. Fan-out happens from the table's stream.
import { CLIENT_MSG_ID_PATTERN } from '@chorus/protocol';
import { messageRoute, type WebSocketHandler } from '@chorus/lambda-kit';
import { containerDeps, lazyMessages, type HandlerDeps } from '../container';
import { MessagesMetric } from '../telemetry';

/** The frame's clientMsgId if it can be read at all, even from a frame that failed validation. */
export function peekClientMsgId(body: string | undefined): string | undefined {
  try {
    const value: unknown = JSON.parse(body ?? '');
    const id =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)['clientMsgId']
        : undefined;
    return typeof id === 'string' && CLIENT_MSG_ID_PATTERN.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

export function createHandler(deps: HandlerDeps): WebSocketHandler {
  const messages = lazyMessages(deps);
  return messageRoute(deps, {
    action: 'sendMessage',
    rejectedMetric: MessagesMetric.SendsRejected,
    clientMsgIdOf: peekClientMsgId,
    // Ids only: the message text never reaches the log.
    summarize: (frame) =>
      frame.type === 'ack'
        ? {
            responseType: frame.type,
            roomId: frame.roomId,
            messageId: frame.messageId,
            clientMsgId: frame.clientMsgId,
          }
        : { responseType: frame.type },
    respond: (frame, event) => messages().send(event.requestContext.connectionId, frame),
  });
}

export const handler = createHandler(containerDeps());
