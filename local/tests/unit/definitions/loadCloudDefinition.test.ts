import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { DefinitionError, LOCAL_STREAM_LABEL, loadCloudDefinition } from '../../../src/definitions';
import type {
  CloudDefinition,
  FunctionDefinition,
  LoadCloudDefinitionOptions,
} from '../../../src/definitions';

const FIXTURE = resolve(__dirname, '../../fixtures/definitions');
const ENDPOINTS = {
  dynamodb: 'http://127.0.0.1:18000',
  sqs: 'http://127.0.0.1:19324',
  websocketManagement: 'http://127.0.0.1:13001/local',
  websocketUrl: 'ws://127.0.0.1:13001/local',
};

function options(overrides: Partial<LoadCloudDefinitionOptions> = {}): LoadCloudDefinitionOptions {
  return {
    repoRoot: FIXTURE,
    stage: 'local',
    region: 'us-east-1',
    accountId: '000000000000',
    endpoints: ENDPOINTS,
    apiId: 'fixtureapi',
    ...overrides,
  };
}

function fn(definition: CloudDefinition, name: string): FunctionDefinition {
  const found = definition.functions.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no function ${name}`);
  return found;
}

/** A scratch copy of the fixture repo whose files a test may edit. */
function scratchRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-definitions-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

async function loadError(overrides: Partial<LoadCloudDefinitionOptions>): Promise<DefinitionError> {
  try {
    await loadCloudDefinition(options(overrides));
  } catch (error) {
    if (error instanceof DefinitionError) return error;
    throw error;
  }
  throw new Error('expected a DefinitionError');
}

// osls compiles three services per load (seconds on a busy 2-core machine, more on its first schema compile).
jest.setTimeout(120_000);

describe('loadCloudDefinition (fixture services)', () => {
  let definition: CloudDefinition;
  beforeAll(async () => {
    // `${env:…}` reads the process environment, as `serverless package` does.
    process.env['FIXTURE_GREETING'] = 'hi';
    try {
      definition = await loadCloudDefinition(options());
    } finally {
      delete process.env['FIXTURE_GREETING'];
    }
  });

  it('collects the WebSocket routes of every service on the one local API', () => {
    expect(definition.websocket).toEqual({
      apiId: 'fixtureapi',
      stage: 'local',
      routeSelectionExpression: '$request.body.type',
      routes: {
        $connect: { functionName: 'fixture-gateway-local-connect', routeResponse: false },
        echo: { functionName: 'fixture-gateway-local-echo', routeResponse: true },
        $default: { functionName: 'fixture-gateway-local-fallback', routeResponse: false },
        put: { functionName: 'fixture-put-local', routeResponse: true },
      },
    });
  });

  it('describes functions: names, handler source and export, sizes and timeouts', () => {
    expect(definition.functions.map((f) => `${f.service}/${f.name}`)).toEqual([
      'gateway/connect',
      'gateway/echo',
      'gateway/fallback',
      'store/put',
      'worker/dispatch',
      'worker/deliver',
      'worker/drain',
    ]);
    const echo = fn(definition, 'echo');
    expect(echo).toMatchObject({
      qualifiedName: 'fixture-gateway-local-echo',
      handlerFile: join(FIXTURE, 'services/gateway/src/handlers/echo.ts'),
      handlerExport: 'handler',
      memorySize: 512,
      timeoutSeconds: 10,
    });
    expect(fn(definition, 'fallback').handlerExport).toBe('main');
    expect(fn(definition, 'put')).toMatchObject({
      qualifiedName: 'fixture-put-local',
      timeoutSeconds: 3,
      memorySize: 1024,
    });
    expect(fn(definition, 'dispatch').timeoutSeconds).toBe(6);
  });

  it('resolves provider + function environment and adds the Lambda and endpoint variables', () => {
    const echo = fn(definition, 'echo');
    expect(echo.environment).toMatchObject({
      STAGE: 'local',
      SESSIONS_TABLE: 'fixture-sessions-local',
      LOG_LEVEL: 'DEBUG', // params.local wins over params.default
      GREETING: 'hi',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_LAMBDA_FUNCTION_NAME: 'fixture-gateway-local-echo',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/fixture-gateway-local-echo',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      TZ: 'UTC',
      AWS_ENDPOINT_URL_DYNAMODB: ENDPOINTS.dynamodb,
      AWS_ENDPOINT_URL_SQS: ENDPOINTS.sqs,
    });
    expect(echo.environment['AWS_ACCESS_KEY_ID']).toBeTruthy();
    expect(echo.environment['AWS_SECRET_ACCESS_KEY']).toBeTruthy();
    expect(fn(definition, 'connect').environment['GREETING']).toBeUndefined();
    expect(fn(definition, 'put').environment).toMatchObject({
      ITEMS_TABLE: 'fixture-items-local',
      SESSIONS_TABLE: 'fixture-sessions-local', // compose param from the gateway's output
    });
  });

  it('points the management endpoint and API URLs at the local gateway, however the yml builds them', () => {
    expect(definition.outputs['gateway']).toMatchObject({
      WebsocketApiId: 'fixtureapi',
      WebsocketManagementEndpoint: ENDPOINTS.websocketManagement,
      WebsocketUrl: ENDPOINTS.websocketUrl,
    });
    expect(fn(definition, 'dispatch').environment).toMatchObject({
      WEBSOCKET_MANAGEMENT_ENDPOINT: ENDPOINTS.websocketManagement,
      API_HOST: 'fixtureapi.execute-api.us-east-1.amazonaws.com',
      API_HOST_VARS: 'http://127.0.0.1:13001',
      JOBS_QUEUE_URL: `${ENDPOINTS.sqs}/000000000000/fixture-jobs-local`,
      ACCOUNT: '000000000000',
    });
  });

  it('turns a stream trigger into a stream event with the settings given and the defaults', () => {
    expect(fn(definition, 'dispatch').events).toEqual([
      {
        kind: 'stream',
        tableName: 'fixture-items-local',
        streamArn: `arn:aws:dynamodb:us-east-1:000000000000:table/fixture-items-local/stream/${LOCAL_STREAM_LABEL}`,
        batchSize: 25,
        startingPosition: 'LATEST',
        maximumRetryAttempts: 3,
        maximumRecordAgeSeconds: -1,
        bisectBatchOnFunctionError: true,
        parallelizationFactor: 1,
        maximumBatchingWindowSeconds: 0,
        reportBatchItemFailures: true,
        filterPatterns: [{ eventName: ['INSERT'], dynamodb: { NewImage: { kind: { S: ['item'] } } } }],
        onFailureArn: 'arn:aws:sqs:us-east-1:000000000000:fixture-failures-local',
      },
    ]);
  });

  it('turns sqs triggers into sqs events, with the framework defaults for the short form', () => {
    expect(fn(definition, 'deliver').events).toEqual([
      {
        kind: 'sqs',
        queueArn: 'arn:aws:sqs:us-east-1:000000000000:fixture-jobs-local',
        queueName: 'fixture-jobs-local',
        batchSize: 5,
        maximumBatchingWindowSeconds: 1,
        reportBatchItemFailures: true,
        maximumConcurrency: 4,
        filterPatterns: [],
      },
    ]);
    expect(fn(definition, 'drain').events).toEqual([
      {
        kind: 'sqs',
        queueArn: 'arn:aws:sqs:us-east-1:000000000000:fixture-jobs-dlq-local',
        queueName: 'fixture-jobs-dlq-local',
        batchSize: 10,
        maximumBatchingWindowSeconds: 0,
        reportBatchItemFailures: false,
        filterPatterns: [],
      },
    ]);
  });

  it('describes tables with keys, GSIs, stream and TTL', () => {
    expect(definition.tables.map((table) => table.name)).toEqual([
      'fixture-sessions-local',
      'fixture-items-local',
    ]);
    const items = definition.tables[1];
    expect(items).toMatchObject({
      service: 'store',
      logicalId: 'ItemsTable',
      arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/fixture-items-local',
      streamArn: `arn:aws:dynamodb:us-east-1:000000000000:table/fixture-items-local/stream/${LOCAL_STREAM_LABEL}`,
    });
    expect(items?.properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      GlobalSecondaryIndexes: [{ IndexName: 'byOwner', Projection: { ProjectionType: 'KEYS_ONLY' } }],
    });
    expect(definition.tables[0]?.streamArn).toBeUndefined();
  });

  it('describes queues with SQS attributes, redrive policies as JSON and the DLQ link', () => {
    const [jobs, dlq, failures] = definition.queues;
    expect(jobs).toMatchObject({
      logicalId: 'JobsQueue',
      name: 'fixture-jobs-local',
      url: `${ENDPOINTS.sqs}/000000000000/fixture-jobs-local`,
      arn: 'arn:aws:sqs:us-east-1:000000000000:fixture-jobs-local',
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:fixture-jobs-dlq-local',
      attributes: { VisibilityTimeout: '60', MessageRetentionPeriod: '3600', DelaySeconds: '0' },
    });
    expect(JSON.parse(jobs?.attributes['RedrivePolicy'] ?? '')).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:fixture-jobs-dlq-local',
      maxReceiveCount: 3,
    });
    expect(JSON.parse(dlq?.attributes['RedriveAllowPolicy'] ?? '')).toEqual({
      redrivePermission: 'byQueue',
      sourceQueueArns: ['arn:aws:sqs:us-east-1:000000000000:fixture-jobs-local'],
    });
    expect(failures).toMatchObject({ name: 'fixture-failures-local', attributes: {} });
  });

  it('evaluates each service outputs in order and passes them on as compose params', () => {
    expect(Object.keys(definition.outputs)).toEqual(['gateway', 'store', 'worker']);
    expect(definition.outputs['store']?.['ItemsStreamArn']).toBe(definition.tables[1]?.streamArn);
    expect(definition.outputs['gateway']?.['EchoRoleArn']).toBe(
      'arn:aws:iam::000000000000:role/fixture-gateway-local-EchoRole',
    );
  });
});

describe('loadCloudDefinition (edited definitions)', () => {
  let repo: string;
  beforeEach(() => {
    repo = scratchRepo();
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));

  const edit = (file: string, change: (text: string) => string) => {
    const path = join(repo, file);
    writeFileSync(path, change(readFileSync(path, 'utf8')));
  };

  it('picks up a route and a trigger added to a serverless.yml, with no change in local/', async () => {
    edit('services/worker/serverless.yml', (text) =>
      text.replace(
        'functions:\n',
        [
          'functions:',
          '  audit:',
          '    handler: src/handlers/audit.handler',
          '    events:',
          '      - websocket:',
          '          route: audit',
          '          routeResponseSelectionExpression: $default',
          '      - sqs:',
          '          arn:',
          '            Fn::GetAtt: [FailuresQueue, Arn]',
          '',
        ].join('\n'),
      ),
    );
    const definition = await loadCloudDefinition(options({ repoRoot: repo }));
    expect(definition.websocket.routes['audit']).toEqual({
      functionName: 'fixture-worker-local-audit',
      routeResponse: true,
    });
    expect(fn(definition, 'audit').events[1]).toMatchObject({
      kind: 'sqs',
      queueName: 'fixture-failures-local',
    });
  });

  it('skips a trigger marked enabled: false', async () => {
    edit('services/worker/serverless.yml', (text) =>
      text.replace('batchSize: 5', 'batchSize: 5\n          enabled: false'),
    );
    const definition = await loadCloudDefinition(options({ repoRoot: repo }));
    expect(fn(definition, 'deliver').events).toEqual([]);
  });

  it.each([
    [
      'an event type with no local emulation',
      'services/gateway/serverless.yml',
      (text: string) => text.replace('      - websocket: $default', '      - http: GET /'),
      'RESOURCE_UNKNOWN',
      'services/gateway/serverless.yml: functions.fallback.events[0].http: event type "http" has no local emulation',
    ],
    [
      'a compose param reading an output that does not exist',
      'serverless-compose.yml',
      (text: string) => text.replace('${store.ItemsStreamArn}', '${store.Nope}'),
      'VARIABLE_UNRESOLVED',
      'serverless-compose.yml: services.worker.params.itemsStreamArn: "${store.Nope}": service "store" has no output "Nope"',
    ],
    [
      'a service attaching to another WebSocket API',
      'services/store/serverless.yml',
      (text: string) =>
        text.replace('websocketApiId: ${param:websocketApiId}', 'websocketApiId: someoneelse'),
      'DEFINITION_INVALID',
      'services/store/serverless.yml: provider.apiGateway.websocketApiId: attaches to WebSocket API "someoneelse"',
    ],
    [
      'a route served twice',
      'services/store/serverless.yml',
      (text: string) => text.replace('route: put', 'route: echo'),
      'DEFINITION_INVALID',
      'route "echo" is already served by fixture-gateway-local-echo (services/gateway/serverless.yml)',
    ],
    [
      'a stream trigger on a table nobody defines',
      'services/worker/serverless.yml',
      (text: string) =>
        text.replace(
          'arn: ${param:itemsStreamArn}',
          'arn: arn:aws:dynamodb:us-east-1:0:table/ghost/stream/x',
        ),
      'DEFINITION_INVALID',
      'services/worker/serverless.yml: functions.dispatch.events: stream trigger on table "ghost"',
    ],
    [
      'a kinesis stream',
      'services/worker/serverless.yml',
      (text: string) => text.replace('type: dynamodb', 'type: kinesis'),
      'RESOURCE_UNKNOWN',
      'functions.dispatch.events[0].stream.arn: only DynamoDB streams are emulated',
    ],
    [
      'AT_TIMESTAMP',
      'services/worker/serverless.yml',
      (text: string) => text.replace('startingPosition: LATEST', 'startingPosition: AT_TIMESTAMP'),
      'RESOURCE_UNKNOWN',
      'functions.dispatch.events[0].stream.startingPosition: startingPosition "AT_TIMESTAMP" is not emulated',
    ],
    [
      'a two-way route with another selection expression',
      'services/gateway/serverless.yml',
      (text: string) =>
        text.replace('routeResponseSelectionExpression: $default', 'routeResponseSelectionExpression: $x'),
      'DEFINITION_INVALID',
      'functions.echo.events[0].websocket.routeResponseSelectionExpression: osls: must be equal to constant',
    ],
    [
      'a non-integer batch size',
      'services/worker/serverless.yml',
      (text: string) => text.replace('batchSize: 5', 'batchSize: five'),
      'DEFINITION_INVALID',
      'functions.deliver.events[0].sqs.batchSize: osls: must be integer',
    ],
    [
      'a handler without an export',
      'services/gateway/serverless.yml',
      (text: string) => text.replace('src/handlers/fallback.main', 'handlerwithoutdot'),
      'DEFINITION_INVALID',
      'functions.fallback.handler: "handlerwithoutdot" is not "<file>.<export>"',
    ],
    [
      'an unsupported variable source',
      'services/gateway/serverless.yml',
      (text: string) => text.replace("${env:FIXTURE_GREETING, 'hello'}", '${ssm:/greeting}'),
      'VARIABLE_UNSUPPORTED',
      'services/gateway/serverless.yml: functions.echo.environment.GREETING: unsupported variable source "ssm"',
    ],
    [
      'an unsupported intrinsic in an output',
      'services/store/serverless.yml',
      (text: string) => text.replace('Fn::GetAtt: [ItemsTable, Arn]', "Fn::ImportValue: 'x'"),
      'INTRINSIC_UNSUPPORTED',
      'services/store/serverless.yml: Outputs.ItemsTableArn.Value.Fn::ImportValue: intrinsic "Fn::ImportValue"',
    ],
    [
      'broken YAML',
      'services/store/serverless.yml',
      (text: string) => `${text}\n  : : [\n`,
      'DEFINITION_INVALID',
      'services/store/serverless.yml: (root): not valid YAML',
    ],
  ])('rejects %s with a precise message', async (_what, file, change, code, message) => {
    edit(file, change);
    const error = await loadError({ repoRoot: repo });
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it('says which file is missing', async () => {
    rmSync(join(repo, 'services/store/serverless.yml'));
    const error = await loadError({ repoRoot: repo });
    expect(error.code).toBe('DEFINITION_FILE_MISSING');
    expect(error.file).toBe('services/store/serverless.yml');
  });
});
