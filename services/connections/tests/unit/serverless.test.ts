// The service definition is read by osls (for the local cloud too); these checks keep it in line with
// the team rules and with the handler files, without packaging (that is a separate, slower check).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..');
// The CloudFormation short forms this file uses, read as their long forms (as osls reads them).
const shortIntrinsics = [
  { tag: '!Ref', resolve: (value: string) => ({ Ref: value }) },
  { tag: '!GetAtt', resolve: (value: string) => ({ 'Fn::GetAtt': value.split('.') }) },
  { tag: '!Sub', resolve: (value: string) => ({ 'Fn::Sub': value }) },
];
const definition = parse(readFileSync(join(root, 'serverless.yml'), 'utf8'), {
  customTags: shortIntrinsics,
}) as {
  service: string;
  params: { default: Record<string, unknown> };
  provider: Record<string, unknown> & { environment: Record<string, string> };
  functions: Record<
    string,
    {
      handler: string;
      role: string;
      events: Array<{ websocket: Record<string, unknown> }>;
      environment?: Record<string, string>;
    }
  >;
  resources: {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    Outputs: Record<string, unknown>;
  };
};

const expectedRoutes: Record<string, string | undefined> = {
  authorize: undefined,
  connect: '$connect',
  disconnect: '$disconnect',
  joinRoom: 'joinRoom',
  leaveRoom: 'leaveRoom',
  ping: 'ping',
  whoIsOnline: 'whoIsOnline',
  createRoom: 'createRoom',
  addMember: 'addMember',
  removeMember: 'removeMember',
  default: '$default',
};

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

function statementsOf(roleName: string): Statement[] {
  const role = definition.resources.Resources[roleName];
  expect(role?.Type).toBe('AWS::IAM::Role');
  const policies = (role?.Properties['Policies'] ?? []) as Array<{
    PolicyDocument: { Statement: Statement[] };
  }>;
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

describe('serverless.yml', () => {
  it('names the service and the WebSocket API the way the team contract says', () => {
    expect(definition.service).toBe('chorus-connections');
    expect(definition.provider['runtime']).toBe('nodejs24.x');
    expect(definition.provider['websocketsApiRouteSelectionExpression']).toBe('$request.body.action');
    expect(definition.params.default).toMatchObject({ roomShards: 4, logLevel: 'INFO' });
    expect(definition.provider.environment).toMatchObject({
      CONNECTIONS_TABLE: '${self:custom.connectionsTableName}',
      ROOM_SHARDS: '${param:roomShards}',
      POWERTOOLS_LOG_LEVEL: '${param:logLevel}',
      POWERTOOLS_METRICS_NAMESPACE: 'Chorus',
    });
  });

  it('wires each function to its route and to a handler file that exists', () => {
    expect(Object.keys(definition.functions).sort()).toEqual(Object.keys(expectedRoutes).sort());
    for (const [key, fn] of Object.entries(definition.functions)) {
      expect(fn.handler).toBe(`src/handlers/${key}.handler`);
      expect(existsSync(join(root, 'src', 'handlers', `${key}.ts`))).toBe(true);
      const websocket = fn.events?.[0]?.websocket;
      expect(websocket?.['route']).toBe(expectedRoutes[key]);
      const twoWay = !['authorize', 'connect', 'disconnect'].includes(key);
      expect(websocket?.['routeResponseSelectionExpression']).toBe(twoWay ? '$default' : undefined);
    }
  });

  it('puts the token authorizer on $connect, reading the token from the query string', () => {
    expect(definition.functions['connect']?.events[0]?.websocket['authorizer']).toEqual({
      name: 'authorize',
      identitySource: ['route.request.querystring.token'],
    });
    expect(definition.functions['authorize']?.environment).toEqual({
      AUTH_ISSUER: '${param:authIssuer}',
      AUTH_AUDIENCE: '${param:authAudience}',
      AUTH_JWKS_URL: '${param:authJwksUrl}',
      AUTH_NAME_CLAIMS: '${param:authNameClaims}',
    });
    expect(definition.params.default).toMatchObject({
      authIssuer: { 'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}' },
      authAudience: { Ref: 'UserPoolClient' },
    });
    expect(definition.resources.Resources['UserPool']?.Type).toBe('AWS::Cognito::UserPool');
    expect(definition.resources.Resources['UserPoolClient']?.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
    });
  });

  it('gives every function its own role with no wildcard action or resource', () => {
    const roles = Object.values(definition.functions).map((fn) => fn.role);
    expect(new Set(roles).size).toBe(roles.length);
    for (const role of roles) {
      for (const statement of statementsOf(role)) {
        const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
        expect(actions.some((action) => action.includes('*'))).toBe(false);
        expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"/);
      }
    }
  });

  it('grants only the DynamoDB actions each route performs', () => {
    const dynamoActions = (role: string) =>
      statementsOf(role)
        .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]))
        .filter((action) => action.startsWith('dynamodb:'))
        .sort();
    expect(dynamoActions('ConnectRole')).toEqual(['dynamodb:PutItem', 'dynamodb:Query']);
    expect(dynamoActions('DisconnectRole')).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
    ]);
    expect(dynamoActions('JoinRoomRole')).toEqual([
      'dynamodb:ConditionCheckItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
    ]);
    expect(dynamoActions('LeaveRoomRole')).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
    expect(dynamoActions('WhoIsOnlineRole')).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    expect(dynamoActions('CreateRoomRole')).toEqual([
      'dynamodb:BatchWriteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
    expect(dynamoActions('AddMemberRole')).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(dynamoActions('RemoveMemberRole')).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:Query',
    ]);
    expect(dynamoActions('PingRole')).toEqual([]);
    expect(dynamoActions('AuthorizeRole')).toEqual([]);
    expect(dynamoActions('DefaultRole')).toEqual([]);
  });

  it('lets only removeMember post to connections, on this stage of its own API', () => {
    for (const fn of Object.values(definition.functions)) {
      const posts = statementsOf(fn.role).filter((statement) =>
        ([] as string[]).concat(statement.Action).includes('execute-api:ManageConnections'),
      );
      expect(posts.length).toBe(fn.role === 'RemoveMemberRole' ? 1 : 0);
    }
    const [post] = statementsOf('RemoveMemberRole').filter((statement) =>
      ([] as string[]).concat(statement.Action).includes('execute-api:ManageConnections'),
    );
    expect(post?.Resource).toEqual({
      'Fn::Sub':
        'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${WebsocketsApi}/${sls:stage}/POST/@connections/*',
    });
    expect(definition.functions['removeMember']?.environment?.['WEBSOCKET_MANAGEMENT_ENDPOINT']).toEqual({
      'Fn::Sub': 'https://${WebsocketsApi}.execute-api.${AWS::Region}.amazonaws.com/${sls:stage}',
    });
  });

  it('caps connections per user with a stage param', () => {
    expect(definition.params.default['maxConnectionsPerUser']).toBe(10);
    expect(definition.provider.environment['MAX_CONNECTIONS_PER_USER']).toBe(
      '${param:maxConnectionsPerUser}',
    );
  });

  it('defines the connections table with TTL and point-in-time recovery', () => {
    const table = definition.resources.Resources['ConnectionsTable'];
    expect(table?.Properties).toMatchObject({
      TableName: '${self:custom.connectionsTableName}',
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('exports the outputs serverless-compose passes on', () => {
    expect(Object.keys(definition.resources.Outputs).sort()).toEqual([
      'AuthAudience',
      'AuthIssuer',
      'ConnectionsTableArn',
      'ConnectionsTableName',
      'RoomShards',
      'WebsocketApiId',
      'WebsocketManagementEndpoint',
      'WebsocketUrl',
    ]);
  });
});
