// ConnectionGateway over the real @connections API client (AWS, or the local cloud's emulator).
import http from 'node:http';
import https from 'node:https';
import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ConnectionGateway } from './ConnectionGateway';

/**
 * One client per container, on keep-alive agents sized to the in-flight bound so each of the `c`
 * concurrent posts reuses a warm TLS connection instead of handshaking per call. The SDK's own
 * retries are off (maxAttempts 1): the worker owns the retry budget, so a throttled post is
 * retried a known number of times and then re-enqueued, instead of multiplying attempts.
 */
export function createManagementApiClient(endpoint: string, inFlight: number): ApiGatewayManagementApiClient {
  const agentOptions = { keepAlive: true, maxSockets: inFlight };
  return new ApiGatewayManagementApiClient({
    endpoint,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      httpAgent: new http.Agent(agentOptions),
      httpsAgent: new https.Agent(agentOptions),
      connectionTimeout: 2000,
      requestTimeout: 5000,
    }),
  });
}

export class ApiGatewayConnectionGateway implements ConnectionGateway {
  public constructor(private readonly client: ApiGatewayManagementApiClient) {}

  public async post(connectionId: string, data: Uint8Array): Promise<void> {
    await this.client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
  }
}
