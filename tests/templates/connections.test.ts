// chorus-connections owns the WebSocket API (all client routes except sendMessage/history) and the
// connections table.
import {
  functionByKey,
  loadServiceTemplate,
  props,
  referencedLogicalId,
  resourcesOfType,
  serviceParamDefaults,
  type Template,
  websocketRoutes,
} from './support/templates';

const ROUTES: Record<string, { functionKey: string; twoWay: boolean }> = {
  $connect: { functionKey: 'connect', twoWay: false },
  $disconnect: { functionKey: 'disconnect', twoWay: false },
  joinRoom: { functionKey: 'joinRoom', twoWay: true },
  leaveRoom: { functionKey: 'leaveRoom', twoWay: true },
  ping: { functionKey: 'ping', twoWay: true },
  whoIsOnline: { functionKey: 'whoIsOnline', twoWay: true },
  createRoom: { functionKey: 'createRoom', twoWay: true },
  addMember: { functionKey: 'addMember', twoWay: true },
  removeMember: { functionKey: 'removeMember', twoWay: true },
  $default: { functionKey: 'default', twoWay: true },
};

let template: Template;
beforeAll(() => {
  template = loadServiceTemplate('connections');
});

describe('WebSocket API', () => {
  test('is created here, with route selection on the body action', () => {
    const apis = resourcesOfType(template, 'AWS::ApiGatewayV2::Api');
    expect(apis).toHaveLength(1);
    expect(props(apis[0]![1])).toMatchObject({
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.action',
    });
  });

  test('has exactly the connection routes, each on this API and its own function', () => {
    const [apiId] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api')[0]!;
    const routes = websocketRoutes(template);
    expect(Object.keys(routes).sort()).toEqual(Object.keys(ROUTES).sort());
    for (const [key, route] of Object.entries(routes)) {
      expect({ key, api: referencedLogicalId(route.apiId) }).toEqual({ key, api: apiId });
      expect({ key, fn: route.functionId }).toEqual({
        key,
        fn: functionByKey(template, ROUTES[key]!.functionKey)[0],
      });
    }
  });

  test('two-way routes return the handler result to the caller; $connect/$disconnect do not', () => {
    for (const [key, route] of Object.entries(websocketRoutes(template))) {
      const twoWay = ROUTES[key]!.twoWay;
      expect({ key, selection: route.selection, responses: route.responseKeys }).toEqual(
        twoWay
          ? { key, selection: '$default', responses: ['$default'] }
          : { key, selection: undefined, responses: [] },
      );
    }
  });

  test('every Lambda permission is pinned to its own route of this API (SourceArn)', () => {
    const [apiId] = resourcesOfType(template, 'AWS::ApiGatewayV2::Api')[0]!;
    const all = resourcesOfType(template, 'AWS::Lambda::Permission').map(([, p]) => props(p));
    const [authorizerId] = resourcesOfType(template, 'AWS::ApiGatewayV2::Authorizer')[0]!;
    const [authorizeFn] = functionByKey(template, 'authorize');
    // The authorizer is invoked as this API's authorizer: pinned to it, not to a route.
    const [authorizer, ...permissions] = [
      ...all.filter((p) => referencedLogicalId(p['FunctionName']) === authorizeFn),
      ...all.filter((p) => referencedLogicalId(p['FunctionName']) !== authorizeFn),
    ];
    expect(authorizer?.['SourceArn']?.['Fn::Sub']).toContain(`\${${apiId}}/authorizers/\${${authorizerId}}`);
    expect(permissions).toHaveLength(Object.keys(ROUTES).length);
    const pinned = permissions.map((permission) => {
      const sub = permission['SourceArn']?.['Fn::Sub'];
      expect(typeof sub).toBe('string');
      expect(sub).toContain(`\${${apiId}}/*/`);
      return { route: String(sub).split('/*/')[1], fn: referencedLogicalId(permission['FunctionName']) };
    });
    expect(pinned.map((p) => p.route).sort()).toEqual(Object.keys(ROUTES).sort());
    for (const { route, fn } of pinned) {
      expect({ route, fn }).toEqual({ route, fn: functionByKey(template, ROUTES[route!]!.functionKey)[0] });
    }
  });

  test('throttles every route of its stage at the throttling stage params', () => {
    const [, stage] = resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')[0]!;
    const params = serviceParamDefaults('connections');
    expect(props(stage)['DefaultRouteSettings']).toEqual({
      ThrottlingRateLimit: params['throttlingRateLimit'],
      ThrottlingBurstLimit: params['throttlingBurstLimit'],
    });
    expect(Number(params['throttlingRateLimit'])).toBeGreaterThan(0);
    expect(Number(params['throttlingBurstLimit'])).toBeGreaterThan(0);
  });

  test('is published on a stage and exported for the other services', () => {
    expect(resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')).toHaveLength(1);
    expect(Object.keys(template.Outputs ?? {})).toEqual(
      expect.arrayContaining([
        'WebsocketApiId',
        'WebsocketManagementEndpoint',
        'WebsocketUrl',
        'ConnectionsTableName',
        'ConnectionsTableArn',
      ]),
    );
  });
});

describe('connections table', () => {
  test('pk/sk strings, on-demand, TTL on `ttl`', () => {
    const tables = resourcesOfType(template, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const table = props(tables[0]![1]);
    expect(table['TableName']).toMatch(/^chorus-connections-/);
    expect(table['BillingMode']).toBe('PAY_PER_REQUEST');
    expect(table['KeySchema']).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table['TimeToLiveSpecification']).toEqual({ AttributeName: 'ttl', Enabled: true });
  });
});

describe('functions', () => {
  test('read the table name and the roomShards knob from the environment', () => {
    const roomShards = String(serviceParamDefaults('connections')['roomShards']);
    for (const { functionKey } of Object.values(ROUTES)) {
      const env = props(functionByKey(template, functionKey)[1])['Environment']?.Variables ?? {};
      expect({ functionKey, env }).toMatchObject({
        functionKey,
        env: {
          CONNECTIONS_TABLE: expect.stringMatching(/^chorus-connections-/),
          ROOM_SHARDS: roomShards,
          MAX_ROOMS_PER_CONNECTION: String(serviceParamDefaults('connections')['maxRoomsPerConnection']),
          POWERTOOLS_METRICS_NAMESPACE: 'Chorus',
          STAGE: expect.any(String),
        },
      });
    }
  });
});
