// $default: API Gateway sends here every frame whose `action` matches no route, and every frame it
// could not read. The client always gets an `error` frame saying which, never silence.
import { ErrorCode, ProtocolError, parseClientFrame, peekAction } from '@chorus/protocol';
import { containerDeps } from '../container';
import {
  failureResult,
  frameBody,
  withInvocation,
  type HandlerDeps,
  type WebsocketHandler,
} from '../invocation';

/** Why this frame cannot be served; a readable frame with a known action is still not routed here. */
function refusal(body: string | undefined, action: string | undefined): ProtocolError {
  try {
    parseClientFrame(body);
  } catch (error) {
    if (
      error instanceof ProtocolError &&
      (error.code === ErrorCode.MALFORMED_FRAME ||
        error.code === ErrorCode.FRAME_TOO_LARGE ||
        error.code === ErrorCode.UNKNOWN_ACTION)
    ) {
      return error;
    }
  }
  return new ProtocolError(
    ErrorCode.UNKNOWN_ACTION,
    `Action "${(action ?? '').slice(0, 64)}" is not served on this endpoint`,
  );
}

export function createHandler(deps: HandlerDeps): WebsocketHandler {
  return (event, context) =>
    withInvocation(deps, event, context, async () => {
      const body = frameBody(event);
      const action = peekAction(body);
      return failureResult(deps, event, refusal(body, action), action);
    });
}

export const handler = createHandler(containerDeps());
