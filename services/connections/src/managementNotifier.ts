// RoomNotifier over API Gateway's @connections API: tells a removed member's connection that it is
// out of the room. Best effort by design: the removal itself is done before anything is posted, so
// a connection that is gone (410) or a post that fails only costs the frame, never the removal.
import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { encodeServerFrame, type RemovedFrame } from '@chorus/protocol';
import { errorName, httpStatusOf, type Log } from '@chorus/lambda-kit';
import type { RoomNotifier } from './roomAccess';

export interface ManagementNotifierOptions {
  client: Pick<ApiGatewayManagementApiClient, 'send'>;
  logger: Log;
}

export class ManagementNotifier implements RoomNotifier {
  public constructor(private readonly options: ManagementNotifierOptions) {}

  public static forEndpoint(endpoint: string, logger: Log): ManagementNotifier {
    return new ManagementNotifier({ client: new ApiGatewayManagementApiClient({ endpoint }), logger });
  }

  public async post(connectionId: string, frame: RemovedFrame): Promise<'delivered' | 'gone' | 'failed'> {
    try {
      await this.options.client.send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: encodeServerFrame(frame) }),
      );
      return 'delivered';
    } catch (error) {
      if (errorName(error) === 'GoneException' || httpStatusOf(error) === 410) return 'gone';
      this.options.logger.warn('could not tell a removed member', {
        connectionId,
        roomId: frame.roomId,
        error: errorName(error),
      });
      return 'failed';
    }
  }
}
