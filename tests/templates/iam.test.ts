// Least privilege, checked on every statement of every template: no wildcard actions, no bare `*`
// resources (the only wildcard allowed is `execute-api:ManageConnections` on this API's
// `@connections/*`), and each function's role holds exactly the actions its code needs.
import {
  actionsOf,
  allPolicyStatements,
  resourcesOf,
  resourceText,
  roleOfFunction,
  rolePermissions,
  roleStatements,
} from './support/iam';
import {
  functionByKey,
  loadInfraTemplate,
  loadServiceTemplate,
  packagedStage,
  props,
  resourcesOfType,
  SERVICE_KEYS,
  type ServiceKey,
  type Template,
} from './support/templates';

const CONNECTIONS = 'table:chorus-connections';
const MESSAGES = 'table:chorus-messages';
const MESSAGES_STREAM = 'stream:chorus-messages';
const DELIVERY = 'queue:chorus-delivery';
const DELIVERY_DLQ = 'queue:chorus-delivery-dlq';
const DISPATCH_FAILURES = 'queue:chorus-dispatch-failures';

/**
 * What each function may do, on what, besides writing its own logs. A change here is a security
 * review: it must match the SDK commands the function's code sends.
 */
const EXPECTED_PERMISSIONS: Record<ServiceKey, Record<string, Record<string, string[]>>> = {
  connections: {
    // Verifies tokens against the issuer's JWKS over HTTPS: no AWS API at all.
    authorize: {},
    // Counts the user's connections (cap), writes the row and the user's entry.
    connect: { 'dynamodb:PutItem': [CONNECTIONS], 'dynamodb:Query': [CONNECTIONS] },
    disconnect: {
      'dynamodb:BatchWriteItem': [CONNECTIONS],
      'dynamodb:DeleteItem': [CONNECTIONS],
      'dynamodb:Query': [CONNECTIONS],
    },
    joinRoom: {
      'dynamodb:ConditionCheckItem': [CONNECTIONS],
      'dynamodb:GetItem': [CONNECTIONS],
      'dynamodb:PutItem': [CONNECTIONS],
      'dynamodb:Query': [CONNECTIONS],
    },
    leaveRoom: {
      'dynamodb:DeleteItem': [CONNECTIONS],
      'dynamodb:GetItem': [CONNECTIONS],
      'dynamodb:Query': [CONNECTIONS],
    },
    ping: {},
    // The caller's membership (members only), then presence.
    whoIsOnline: { 'dynamodb:GetItem': [CONNECTIONS], 'dynamodb:Query': [CONNECTIONS] },
    createRoom: {
      'dynamodb:BatchWriteItem': [CONNECTIONS],
      'dynamodb:GetItem': [CONNECTIONS],
      'dynamodb:PutItem': [CONNECTIONS],
    },
    addMember: { 'dynamodb:GetItem': [CONNECTIONS], 'dynamodb:PutItem': [CONNECTIONS] },
    // Access row delete, the user's connections, their memberships, and the `removed` frame.
    removeMember: {
      'dynamodb:DeleteItem': [CONNECTIONS],
      'dynamodb:GetItem': [CONNECTIONS],
      'dynamodb:Query': [CONNECTIONS],
      'execute-api:ManageConnections': ['api'],
    },
    default: {},
  },
  messages: {
    // The sender's connection row; the transactional message + dedup puts (conditional Puts, no
    // ConditionCheck); the dedup marker read back on a repeated clientMsgId; the sender's send-rate
    // bucket (conditional UpdateItems, read back when refused).
    sendMessage: {
      'dynamodb:GetItem': [CONNECTIONS, MESSAGES],
      'dynamodb:PutItem': [MESSAGES],
      'dynamodb:UpdateItem': [MESSAGES],
    },
    // The reader's row and membership, its history bucket (like the send bucket), the page.
    history: {
      'dynamodb:GetItem': [CONNECTIONS, MESSAGES],
      'dynamodb:Query': [MESSAGES],
      'dynamodb:UpdateItem': [MESSAGES],
    },
  },
  fanout: {
    // Stream reads for the trigger, room pages from the connections table, jobs onto the delivery
    // queue, exhausted batches onto the on-failure queue (sent with the function's role). A small
    // room is posted here with the worker's rights: PostToConnection, a gone connection's rows
    // removed, retries re-enqueued and exhausted ones dead-lettered.
    dispatch: {
      'dynamodb:BatchWriteItem': [CONNECTIONS],
      'dynamodb:DeleteItem': [CONNECTIONS],
      'dynamodb:DescribeStream': [MESSAGES_STREAM],
      'dynamodb:GetRecords': [MESSAGES_STREAM],
      'dynamodb:GetShardIterator': [MESSAGES_STREAM],
      'dynamodb:ListStreams': [MESSAGES_STREAM],
      'dynamodb:Query': [CONNECTIONS],
      'execute-api:ManageConnections': ['api'],
      'sqs:SendMessage': [DELIVERY, DELIVERY_DLQ, DISPATCH_FAILURES],
    },
    // SQS trigger, PostToConnection, delete the row (DeleteItem) of a gone connection, then find
    // (Query) and delete (BatchWriteItem) its memberships, re-enqueue / dead-letter. The trigger
    // needs no ChangeMessageVisibility.
    deliver: {
      'dynamodb:BatchWriteItem': [CONNECTIONS],
      'dynamodb:DeleteItem': [CONNECTIONS],
      'dynamodb:Query': [CONNECTIONS],
      'execute-api:ManageConnections': ['api'],
      'sqs:DeleteMessage': [DELIVERY],
      'sqs:GetQueueAttributes': [DELIVERY],
      'sqs:ReceiveMessage': [DELIVERY],
      'sqs:SendMessage': [DELIVERY, DELIVERY_DLQ],
    },
  },
};

/** Wildcards inside an ARN that still name only our own things. */
const SCOPED_WILDCARD_SUFFIXES = [/\.Arn\}\/\*"?$/, /\/index\/\*"?$/, /\/stream\/\*"?$/, /:log-stream:\*"?$/];

const templates: Array<[string, () => Template]> = [
  ...SERVICE_KEYS.map((key): [string, () => Template] => [`services/${key}`, () => loadServiceTemplate(key)]),
  ['infra/webapp-hosting.yml', () => loadInfraTemplate('webapp-hosting.yml')],
  ['infra/dashboard.yml', () => loadInfraTemplate('dashboard.yml')],
];

describe.each(templates)('%s: every Allow statement', (_name, load) => {
  const allows = () => allPolicyStatements(load()).filter(({ statement }) => statement.Effect === 'Allow');

  test('uses explicit actions (no `*` anywhere in an action, no NotAction)', () => {
    for (const { where, statement } of allows()) {
      expect({ where, wildcards: actionsOf(statement).filter((action) => action.includes('*')) }).toEqual({
        where,
        wildcards: [],
      });
      expect({ where, notAction: statement.NotAction }).toEqual({ where, notAction: undefined });
    }
  });

  test('names its resources (no bare `*`, no NotResource, wildcards only where scoped)', () => {
    for (const { where, statement } of allows()) {
      expect({ where, notResource: statement.NotResource }).toEqual({ where, notResource: undefined });
      for (const resource of resourcesOf(statement)) {
        const text = resourceText(resource);
        expect({ where, resource: text }).not.toEqual({ where, resource: '*' });
        if (!text.includes('*')) continue;
        const manageConnections =
          actionsOf(statement).every((action) => action === 'execute-api:ManageConnections') &&
          /execute-api:.*\/(.*@connections\/)?\*"?\]*\}?$/.test(text);
        const scoped = SCOPED_WILDCARD_SUFFIXES.some((suffix) => suffix.test(text));
        expect({ where, resource: text, allowed: manageConnections || scoped }).toEqual({
          where,
          resource: text,
          allowed: true,
        });
      }
    }
  });

  test('never grants to everyone (Principal `*`)', () => {
    for (const { where, statement } of allows()) {
      expect({ where, principal: statement.Principal }).not.toEqual({ where, principal: '*' });
      expect({ where, principal: statement.Principal }).not.toEqual({ where, principal: { AWS: '*' } });
    }
  });
});

describe.each(SERVICE_KEYS)('%s: one least-privilege role per function', (service) => {
  let template: Template;
  beforeAll(() => {
    template = loadServiceTemplate(service);
  });

  test('has exactly the expected functions, each with a role of its own', () => {
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(Object.keys(EXPECTED_PERMISSIONS[service]).length);
    const roles = Object.keys(EXPECTED_PERMISSIONS[service]).map((key) =>
      roleOfFunction(functionByKey(template, key)[1]),
    );
    expect(new Set(roles).size).toBe(roles.length);
    for (const [roleId, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
      expect({ roleId, managed: props(role)['ManagedPolicyArns'] ?? [] }).toEqual({ roleId, managed: [] });
    }
  });

  test.each(Object.entries(EXPECTED_PERMISSIONS[service]))(
    '%s may do exactly what its code needs',
    (key, expected) => {
      const role = roleOfFunction(functionByKey(template, key)[1]);
      expect(rolePermissions(template, role, packagedStage(template))).toEqual(expected);
    },
  );

  test.each(Object.keys(EXPECTED_PERMISSIONS[service]))('%s writes only its own log group', (key) => {
    const [, fn] = functionByKey(template, key);
    const logStatements = roleStatements(template, roleOfFunction(fn)).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('logs:')),
    );
    const functionName = String(props(fn)['FunctionName']);
    for (const statement of logStatements) {
      expect(
        actionsOf(statement).every((action) =>
          ['logs:CreateLogStream', 'logs:PutLogEvents'].includes(action),
        ),
      ).toBe(true);
      for (const resource of resourcesOf(statement)) {
        const text = resourceText(resource);
        const logGroupIds = resourcesOfType(template, 'AWS::Logs::LogGroup')
          .filter(([, group]) => props(group)['LogGroupName'] === `/aws/lambda/${functionName}`)
          .map(([id]) => id);
        const ownGroup =
          logGroupIds.some((id) => text.includes(`"${id}"`)) || text.includes(`/aws/lambda/${functionName}:`);
        expect({ key, resource: text, ownGroup }).toEqual({ key, resource: text, ownGroup: true });
      }
    }
  });

  test('ManageConnections (if granted) is on this stage of the Chorus API only', () => {
    for (const key of Object.keys(EXPECTED_PERMISSIONS[service])) {
      const [, fn] = functionByKey(template, key);
      const endpoint = props(fn)['Environment']?.Variables?.WEBSOCKET_MANAGEMENT_ENDPOINT;
      for (const statement of roleStatements(template, roleOfFunction(fn))) {
        if (!actionsOf(statement).includes('execute-api:ManageConnections')) continue;
        // A param holding the API's URL (another service), or the service's own API built in place
        // (`Fn::Sub` of `https://${WebsocketsApi}.execute-api…`): then the ARN names it the same way.
        const sub = typeof endpoint === 'object' && endpoint !== null ? endpoint['Fn::Sub'] : undefined;
        const apiId =
          typeof endpoint === 'string'
            ? /^https:\/\/([a-z0-9]+)\./.exec(endpoint)?.[1]
            : typeof sub === 'string'
              ? /^https:\/\/(\$\{[A-Za-z0-9]+\})\./.exec(sub)?.[1]?.replace(/[${}]/g, (c) => `\\${c}`)
              : undefined;
        expect({ key, apiId }).toEqual({ key, apiId: expect.any(String) });
        for (const resource of resourcesOf(statement)) {
          expect(resourceText(resource)).toMatch(
            // The API's own ARN, this stage, PostToConnection only: `<apiId>/<stage>/POST/@connections/*`.
            new RegExp(`:execute-api:.*:${apiId!}/[^/*]+/POST/@connections/\\*"?\\]*\\}?$`),
          );
        }
      }
    }
  });
});
