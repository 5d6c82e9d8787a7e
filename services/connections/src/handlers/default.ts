// $default: API Gateway sends here every frame whose `action` matches no route, and every frame it
// could not read. The client always gets an `error` frame saying which, never silence.
import { ErrorCode, ProtocolError, parseClientFrame, peekAction } from '@chorus/protocol';
import { failureResult, frameBody, withInvocation, type WebSocketHandler } from '@chorus/lambda-kit';
import { ERROR_FRAMES_METRIC, containerDeps, type HandlerDeps } from '../container';

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

export function createHandler(deps: HandlerDeps): WebSocketHandler {
  return (event, context) =>
    withInvocation(deps, event, context, async () => {
      const body = frameBody(event);
      const action = peekAction(body);
      return failureResult(deps, event, refusal(body, action), {
        action,
        rejectedMetric: ERROR_FRAMES_METRIC,
      });
    });
}

export const handler = createHandler(containerDeps());
