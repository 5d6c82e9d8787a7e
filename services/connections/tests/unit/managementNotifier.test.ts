import {
  ApiGatewayManagementApiClient,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { mockClient } from 'aws-sdk-client-mock';
import { ManagementNotifier } from '../../src/managementNotifier';
import { recordingLogger } from '../support/fakes';

const api = mockClient(ApiGatewayManagementApiClient);
afterEach(() => api.reset());
afterAll(() => api.restore());

function notifier() {
  const logger = recordingLogger();
  const client = new ApiGatewayManagementApiClient({
    endpoint: 'http://127.0.0.1:1/local',
    region: 'us-east-1',
  });
  return { logger, notifier: new ManagementNotifier({ client, logger }) };
}

describe('ManagementNotifier', () => {
  it('posts the removed frame to the connection', async () => {
    api.on(PostToConnectionCommand).resolves({});
    await expect(notifier().notifier.post('c1=', { type: 'removed', roomId: 'club' })).resolves.toBe(
      'delivered',
    );
    const input = api.commandCalls(PostToConnectionCommand)[0]?.args[0].input;
    expect(input?.ConnectionId).toBe('c1=');
    expect(JSON.parse(String(input?.Data))).toEqual({ type: 'removed', roomId: 'club' });
  });

  it('answers gone for a closed connection and failed for anything else, never throwing', async () => {
    api.on(PostToConnectionCommand).rejectsOnce(new GoneException({ message: 'gone', $metadata: {} }));
    const { notifier: n, logger } = notifier();
    await expect(n.post('c1=', { type: 'removed', roomId: 'club' })).resolves.toBe('gone');
    api.on(PostToConnectionCommand).rejects(new Error('network'));
    await expect(n.post('c2=', { type: 'removed', roomId: 'club' })).resolves.toBe('failed');
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      'could not tell a removed member',
      expect.objectContaining({ connectionId: 'c2=' }),
    );
  });
});
