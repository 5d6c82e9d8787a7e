// Starts a real gateway on an ephemeral port with a fake invoker and a recording logger, and
// closes everything after each test.
import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
import { WebSocketGateway, type WebSocketGatewayOptions } from '../../../../src/gateway/webSocketGateway';
import type { GatewayLogger, RouteTable } from '../../../../src/gateway/types';
import { terminateAllClients } from './clients';
import { FakeInvoker } from './fakeInvoker';

export const API_ID = 'abcde12345';

export const ROUTES: RouteTable = {
  $connect: { functionName: 'connect', routeResponse: false },
  $disconnect: { functionName: 'disconnect', routeResponse: false },
  $default: { functionName: 'default', routeResponse: true },
  ping: { functionName: 'ping', routeResponse: true },
  fireAndForget: { functionName: 'oneWay', routeResponse: false },
};

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  extra?: Record<string, unknown>;
}

export function recordingLogger(): GatewayLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record =
    (level: LogEntry['level']) =>
    (message: string, extra?: Record<string, unknown>): void => {
      entries.push({ level, message, ...(extra ? { extra } : {}) });
    };
  return {
    entries,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

export interface Harness {
  gateway: WebSocketGateway;
  invoker: FakeInvoker;
  logger: ReturnType<typeof recordingLogger>;
  /** A management API client pointed at the gateway, without SDK retries unless asked. */
  sdk(options?: { maxAttempts?: number; endpoint?: string }): ApiGatewayManagementApiClient;
}

const running: Array<() => Promise<void>> = [];

export async function startGateway(options: Partial<WebSocketGatewayOptions> = {}): Promise<Harness> {
  const invoker = new FakeInvoker();
  const logger = recordingLogger();
  const gateway = new WebSocketGateway({
    invoker,
    routes: ROUTES,
    port: 0,
    apiId: API_ID,
    stage: 'local',
    logger,
    ...options,
  });
  await gateway.listen();
  const clients: ApiGatewayManagementApiClient[] = [];
  running.push(async () => {
    terminateAllClients();
    await gateway.close();
    clients.forEach((client) => client.destroy());
  });
  const sdk: Harness['sdk'] = (sdkOptions = {}) => {
    const client = new ApiGatewayManagementApiClient({
      endpoint: sdkOptions.endpoint ?? gateway.managementEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: sdkOptions.maxAttempts ?? 1,
    });
    clients.push(client);
    return client;
  };
  return { gateway, invoker, logger, sdk };
}

export async function stopGateways(): Promise<void> {
  for (const stop of running.splice(0)) await stop();
}

/** The connection id the $connect event carried (the nth connection, 1-based). */
export async function connectionIdOf(invoker: FakeInvoker, nth = 1): Promise<string> {
  const calls = await invoker.waitForCalls('connect', nth);
  return calls[nth - 1]!.event.requestContext.connectionId;
}
