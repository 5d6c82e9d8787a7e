// The real serverless-compose.yml and services/*/serverless.yml, loaded once: what docs/architecture.md's
// "Services" table promises must be what the local cloud runs.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { loadCloudDefinition } from '../../../src/definitions';
import type { CloudDefinition, FunctionDefinition } from '../../../src/definitions';

const REPO_ROOT = resolve(__dirname, '../../../..');
const ENDPOINTS = {
  dynamodb: 'http://127.0.0.1:8000',
  sqs: 'http://127.0.0.1:9324',
  websocketManagement: 'http://127.0.0.1:3001/local',
  websocketUrl: 'ws://127.0.0.1:3001/local',
};

// osls compiles three services per load (seconds on a busy 2-core machine, more on its first schema compile).
jest.setTimeout(120_000);

describe('loadCloudDefinition (the repository definitions)', () => {
  let definition: CloudDefinition;
  const fn = (name: string): FunctionDefinition => {
    const found = definition.functions.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no function ${name}`);
    return found;
  };

  beforeAll(async () => {
    definition = await loadCloudDefinition({
      repoRoot: REPO_ROOT,
      stage: 'local',
      region: 'us-east-1',
      accountId: '000000000000',
      endpoints: ENDPOINTS,
      apiId: 'repoapi123',
    });
  });

  it('has the functions of docs/architecture.md, per service and stage, with handler sources that exist', () => {
    expect(definition.functions.map((f) => `${f.service}/${f.name}`).sort()).toEqual(
      [
        'connections/authorize',
        'connections/connect',
        'connections/disconnect',
        'connections/joinRoom',
        'connections/leaveRoom',
        'connections/ping',
        'connections/whoIsOnline',
        'connections/createRoom',
        'connections/addMember',
        'connections/removeMember',
        'connections/default',
        'messages/sendMessage',
        'messages/history',
        'fanout/dispatch',
        'fanout/deliver',
      ].sort(),
    );
    for (const f of definition.functions) {
      expect(f.qualifiedName).toBe(`chorus-${f.service}-local-${f.name}`);
      expect(f.handlerFile).toBe(resolve(REPO_ROOT, 'services', f.service, 'src/handlers', `${f.name}.ts`));
      expect(existsSync(f.handlerFile)).toBe(true);
      expect(f.handlerExport).toBe('handler');
    }
  });

  it('routes every client action on one API; all but $connect/$disconnect are two-way', () => {
    const expected: Record<string, string> = {
      $connect: 'chorus-connections-local-connect',
      $disconnect: 'chorus-connections-local-disconnect',
      joinRoom: 'chorus-connections-local-joinRoom',
      leaveRoom: 'chorus-connections-local-leaveRoom',
      ping: 'chorus-connections-local-ping',
      whoIsOnline: 'chorus-connections-local-whoIsOnline',
      createRoom: 'chorus-connections-local-createRoom',
      addMember: 'chorus-connections-local-addMember',
      removeMember: 'chorus-connections-local-removeMember',
      $default: 'chorus-connections-local-default',
      sendMessage: 'chorus-messages-local-sendMessage',
      history: 'chorus-messages-local-history',
    };
    expect(definition.websocket.routeSelectionExpression).toBe('$request.body.action');
    expect(Object.keys(definition.websocket.routes).sort()).toEqual(Object.keys(expected).sort());
    for (const [route, functionName] of Object.entries(expected)) {
      expect(definition.websocket.routes[route]).toEqual({
        functionName,
        routeResponse: route !== '$connect' && route !== '$disconnect',
        ...(route === '$connect'
          ? {
              authorizer: {
                functionName: 'chorus-connections-local-authorize',
                identitySources: ['route.request.querystring.token'],
              },
            }
          : {}),
      });
    }
  });

  it("gives the authorizer the local issuer's params, passed like compose params", async () => {
    const withIssuer = await loadCloudDefinition({
      repoRoot: REPO_ROOT,
      stage: 'local',
      region: 'us-east-1',
      accountId: '000000000000',
      endpoints: ENDPOINTS,
      apiId: 'repoapi123',
      localParams: {
        authIssuer: 'http://127.0.0.1:3002',
        authAudience: 'chorus-local',
        authJwksUrl: 'http://127.0.0.1:3002/.well-known/jwks.json',
      },
    });
    const authorize = withIssuer.functions.find((candidate) => candidate.name === 'authorize');
    expect(authorize?.environment).toMatchObject({
      AUTH_ISSUER: 'http://127.0.0.1:3002',
      AUTH_AUDIENCE: 'chorus-local',
      AUTH_JWKS_URL: 'http://127.0.0.1:3002/.well-known/jwks.json',
    });
  });

  it('triggers dispatch from the messages table stream and deliver from the delivery queue', () => {
    const [stream] = fn('dispatch').events;
    expect(stream).toMatchObject({
      kind: 'stream',
      tableName: 'chorus-messages-local',
      streamArn: definition.tables.find((table) => table.name === 'chorus-messages-local')?.streamArn,
      reportBatchItemFailures: true,
      onFailureArn: 'arn:aws:sqs:us-east-1:000000000000:chorus-dispatch-failures-local',
    });
    expect(fn('dispatch').events).toHaveLength(1);
    const [sqs] = fn('deliver').events;
    expect(sqs).toMatchObject({
      kind: 'sqs',
      queueName: 'chorus-delivery-local',
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:chorus-delivery-local',
      reportBatchItemFailures: true,
    });
    expect(fn('deliver').events).toHaveLength(1);
  });

  it('declares the tables and queues of docs/architecture.md', () => {
    const connections = definition.tables.find((table) => table.name === 'chorus-connections-local');
    const messages = definition.tables.find((table) => table.name === 'chorus-messages-local');
    expect(connections?.properties.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    expect(connections?.properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(messages?.properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(messages?.properties.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: true });
    const queueNames = definition.queues.map((queue) => queue.name).sort();
    expect(queueNames).toEqual([
      'chorus-delivery-dlq-local',
      'chorus-delivery-local',
      'chorus-dispatch-failures-local',
    ]);
    const delivery = definition.queues.find((queue) => queue.name === 'chorus-delivery-local');
    expect(delivery?.deadLetterTargetArn).toBe(
      'arn:aws:sqs:us-east-1:000000000000:chorus-delivery-dlq-local',
    );
    const dlq = definition.queues.find((queue) => queue.name === 'chorus-delivery-dlq-local');
    expect(dlq?.attributes['RedriveAllowPolicy']).toBeDefined();
  });

  it('gives handlers the environment they read, pointed at the local emulators', () => {
    for (const f of definition.functions) {
      expect(f.environment).toMatchObject({
        STAGE: 'local',
        POWERTOOLS_METRICS_NAMESPACE: 'Chorus',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_DYNAMODB: ENDPOINTS.dynamodb,
        AWS_ENDPOINT_URL_SQS: ENDPOINTS.sqs,
      });
      if (f.service !== 'messages')
        expect(f.environment['CONNECTIONS_TABLE']).toBe('chorus-connections-local');
      const endpoint = f.environment['WEBSOCKET_MANAGEMENT_ENDPOINT'];
      if (endpoint !== undefined) expect(endpoint).toBe(ENDPOINTS.websocketManagement);
    }
    expect(fn('sendMessage').environment['MESSAGES_TABLE']).toBe('chorus-messages-local');
    // The fan-out never writes the messages table, so it is not given its name: the end of each
    // of a big room's hundreds of delivery invocations must not wake the messages stream poller.
    for (const name of ['dispatch', 'deliver'])
      expect(Object.values(fn(name).environment)).not.toContain('chorus-messages-local');
    expect(fn('deliver').environment).toMatchObject({
      WEBSOCKET_MANAGEMENT_ENDPOINT: ENDPOINTS.websocketManagement,
      DELIVERY_QUEUE_URL: `${ENDPOINTS.sqs}/000000000000/chorus-delivery-local`,
      DELIVERY_DLQ_URL: `${ENDPOINTS.sqs}/000000000000/chorus-delivery-dlq-local`,
    });
    expect(fn('dispatch').environment['ROOM_SHARDS']).toBe(fn('joinRoom').environment['ROOM_SHARDS']);
    // removeMember posts `removed` to the local gateway's @connections, as the fan-out does.
    expect(fn('removeMember').environment['WEBSOCKET_MANAGEMENT_ENDPOINT']).toBe(
      fn('deliver').environment['WEBSOCKET_MANAGEMENT_ENDPOINT'],
    );
  });

  it('evaluates the stack outputs compose passes between the services', () => {
    expect(Object.keys(definition.outputs)).toEqual(['connections', 'messages', 'fanout']);
    expect(definition.outputs['connections']).toMatchObject({
      WebsocketApiId: 'repoapi123',
      WebsocketManagementEndpoint: ENDPOINTS.websocketManagement,
      WebsocketUrl: ENDPOINTS.websocketUrl,
      ConnectionsTableName: 'chorus-connections-local',
    });
    expect(Object.keys(definition.outputs['messages'] ?? {})).toEqual(
      expect.arrayContaining(['MessagesTableName', 'MessagesTableArn', 'MessagesStreamArn']),
    );
    expect(Object.keys(definition.outputs['fanout'] ?? {})).toEqual(
      expect.arrayContaining(['DeliveryQueueUrl', 'DeliveryQueueArn', 'DeliveryDlqUrl', 'DeliveryDlqArn']),
    );
  });
});
