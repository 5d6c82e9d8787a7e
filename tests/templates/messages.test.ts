// chorus-messages owns the messages table and attaches sendMessage/history to the connections
// service's WebSocket API (provider.apiGateway.websocketApiId), creating no API of its own.
import {
  functionByKey,
  loadServiceTemplate,
  props,
  resourcesOfType,
  serviceParamDefaults,
  type Template,
  websocketRoutes,
} from './support/templates';

const ROUTES: Record<string, string> = { sendMessage: 'sendMessage', history: 'history' };

let template: Template;
beforeAll(() => {
  template = loadServiceTemplate('messages');
});

describe('routes on the external WebSocket API', () => {
  test('creates no WebSocket API and no stage of its own', () => {
    expect(resourcesOfType(template, 'AWS::ApiGatewayV2::Api')).toHaveLength(0);
    expect(resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')).toHaveLength(0);
  });

  test('sendMessage and history, on the API id passed in by compose, each on its own function', () => {
    const routes = websocketRoutes(template);
    expect(Object.keys(routes).sort()).toEqual(Object.keys(ROUTES).sort());
    for (const [key, route] of Object.entries(routes)) {
      // A literal id (compose param websocketApiId), not a Ref to a resource in this stack.
      expect({ key, api: route.apiId }).toEqual({ key, api: expect.stringMatching(/^[a-z0-9]{10}$/) });
      expect({ key, fn: route.functionId }).toEqual({ key, fn: functionByKey(template, ROUTES[key]!)[0] });
    }
    const integrations = resourcesOfType(template, 'AWS::ApiGatewayV2::Integration').map(([, i]) => props(i));
    const apiIds = new Set([
      ...Object.values(routes).map((r) => r.apiId),
      ...integrations.map((i) => i['ApiId']),
    ]);
    expect(apiIds.size).toBe(1);
  });

  test('both routes are two-way', () => {
    for (const [key, route] of Object.entries(websocketRoutes(template))) {
      expect({ key, selection: route.selection, responses: route.responseKeys }).toEqual({
        key,
        selection: '$default',
        responses: ['$default'],
      });
    }
  });

  test('deploys the shared API stage so its routes go live', () => {
    const deployments = resourcesOfType(template, 'AWS::ApiGatewayV2::Deployment').map(([, d]) => props(d));
    expect(deployments).toHaveLength(1);
    expect(deployments[0]!['StageName']).toEqual(expect.any(String));
  });
});

describe('messages table', () => {
  test('pk/sk strings, TTL on `ttl`, stream NEW_IMAGE, exported for the fan-out', () => {
    const tables = resourcesOfType(template, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const table = props(tables[0]![1]);
    expect(table['TableName']).toMatch(/^chorus-messages-/);
    expect(table['KeySchema']).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table['TimeToLiveSpecification']).toEqual({ AttributeName: 'ttl', Enabled: true });
    expect(table['StreamSpecification']).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(Object.keys(template.Outputs ?? {})).toEqual(
      expect.arrayContaining(['MessagesTableName', 'MessagesTableArn', 'MessagesStreamArn']),
    );
  });
});

describe('functions', () => {
  test('know both tables and the room sharding', () => {
    for (const key of Object.values(ROUTES)) {
      const env = props(functionByKey(template, key)[1])['Environment']?.Variables ?? {};
      // The table's own name: a literal or a Ref to the table in this stack.
      const [tableId, table] = resourcesOfType(template, 'AWS::DynamoDB::Table')[0]!;
      expect([props(table)['TableName'], { Ref: tableId }]).toContainEqual(env.MESSAGES_TABLE);
      expect({ key, env }).toMatchObject({
        key,
        env: {
          CONNECTIONS_TABLE: expect.stringMatching(/^chorus-connections-/),
          POWERTOOLS_METRICS_NAMESPACE: 'Chorus',
        },
      });
    }
  });

  test('sendMessage gets the send rate and burst stage params', () => {
    const params = serviceParamDefaults('messages');
    const env = props(functionByKey(template, 'sendMessage')[1])['Environment']?.Variables ?? {};
    expect(env).toMatchObject({
      SEND_RATE_PER_SECOND: String(params['sendRatePerSecond']),
      SEND_RATE_BURST: String(params['sendRateBurst']),
    });
    expect(Number(params['sendRatePerSecond'])).toBeGreaterThan(0);
    expect(Number.isInteger(Number(params['sendRateBurst']))).toBe(true);
  });
});
