import { DefinitionError, LOCAL_STREAM_LABEL, createStackEvaluator } from '../../../src/definitions';
import type { StackContext } from '../../../src/definitions';

const RESOURCES = {
  Table: {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      TableName: { 'Fn::Sub': '${AWS::StackName}-table' },
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    },
  },
  PlainTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'plain' } },
  UnnamedTable: { Type: 'AWS::DynamoDB::Table', Properties: {} },
  Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs-local' } },
  UnnamedFifo: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } },
  Role: { Type: 'AWS::IAM::Role', Properties: {} },
  Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
  // What osls compiles for a function, its log group, the default role and the WebSocket API.
  SendMessageLambdaFunction: {
    Type: 'AWS::Lambda::Function',
    Properties: { FunctionName: 'demo-local-sendMessage' },
  },
  SendMessageLogGroup: {
    Type: 'AWS::Logs::LogGroup',
    Properties: { LogGroupName: '/aws/lambda/demo-local-sendMessage' },
  },
  IamRoleLambdaExecution: {
    Type: 'AWS::IAM::Role',
    Properties: { RoleName: { 'Fn::Join': ['-', ['demo', 'local', { Ref: 'AWS::Region' }, 'lambdaRole']] } },
  },
  WebsocketsApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'local-demo' } },
  WebsocketsDeploymentStage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { StageName: 'local' } },
};

function evaluator(overrides: Partial<StackContext> = {}) {
  return createStackEvaluator({
    file: 'services/demo/serverless.yml',
    stackName: 'demo-local',
    region: 'eu-west-1',
    accountId: '123456789012',
    resources: RESOURCES,
    websocketApiId: 'abcdef1234',
    sqsEndpoint: 'http://127.0.0.1:9324/',
    ...overrides,
  });
}

function errorOf(run: () => unknown): DefinitionError {
  try {
    run();
  } catch (error) {
    if (error instanceof DefinitionError) return error;
    throw error;
  }
  throw new Error('expected a DefinitionError');
}

const evaluate = (value: unknown) => evaluator().evaluate(value, ['Outputs', 'X', 'Value']);

describe('createStackEvaluator', () => {
  it('answers pseudo parameters', () => {
    expect(
      evaluate([
        { Ref: 'AWS::Region' },
        { Ref: 'AWS::AccountId' },
        { Ref: 'AWS::URLSuffix' },
        { Ref: 'AWS::Partition' },
        { Ref: 'AWS::StackName' },
      ]),
    ).toEqual(['eu-west-1', '123456789012', 'amazonaws.com', 'aws', 'demo-local']);
  });

  it('gives tables their name, ARN and a placeholder stream ARN', () => {
    expect(evaluate({ Ref: 'Table' })).toBe('demo-local-table');
    expect(evaluate({ 'Fn::GetAtt': ['Table', 'Arn'] })).toBe(
      'arn:aws:dynamodb:eu-west-1:123456789012:table/demo-local-table',
    );
    expect(evaluate({ 'Fn::GetAtt': 'Table.StreamArn' })).toBe(
      `arn:aws:dynamodb:eu-west-1:123456789012:table/demo-local-table/stream/${LOCAL_STREAM_LABEL}`,
    );
    expect(evaluate({ Ref: 'UnnamedTable' })).toBe('demo-local-UnnamedTable');
  });

  it('gives queues a local URL on the SQS endpoint, an ARN and a name', () => {
    expect(evaluate({ Ref: 'Queue' })).toBe('http://127.0.0.1:9324/123456789012/jobs-local');
    expect(evaluate({ 'Fn::GetAtt': ['Queue', 'Arn'] })).toBe(
      'arn:aws:sqs:eu-west-1:123456789012:jobs-local',
    );
    expect(evaluate({ 'Fn::GetAtt': ['Queue', 'QueueName'] })).toBe('jobs-local');
    expect(evaluate({ 'Fn::GetAtt': ['UnnamedFifo', 'QueueName'] })).toBe('demo-local-UnnamedFifo.fifo');
  });

  it('answers the framework WebSocket API, functions, log groups and IAM roles', () => {
    expect(evaluate({ Ref: 'WebsocketsApi' })).toBe('abcdef1234');
    expect(evaluate({ 'Fn::GetAtt': ['WebsocketsApi', 'ApiEndpoint'] })).toBe(
      'wss://abcdef1234.execute-api.eu-west-1.amazonaws.com',
    );
    expect(evaluate({ Ref: 'WebsocketsDeploymentStage' })).toBe('local');
    expect(evaluate({ Ref: 'SendMessageLambdaFunction' })).toBe('demo-local-sendMessage');
    expect(evaluate({ 'Fn::GetAtt': ['SendMessageLambdaFunction', 'Arn'] })).toBe(
      'arn:aws:lambda:eu-west-1:123456789012:function:demo-local-sendMessage',
    );
    expect(evaluate({ 'Fn::GetAtt': ['SendMessageLogGroup', 'Arn'] })).toBe(
      'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/demo-local-sendMessage:*',
    );
    expect(evaluate({ Ref: 'Role' })).toBe('demo-local-Role');
    expect(evaluate({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe(
      'arn:aws:iam::123456789012:role/demo-local-Role',
    );
    expect(evaluate({ 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] })).toBe(
      'arn:aws:iam::123456789012:role/demo-local-eu-west-1-lambdaRole',
    );
  });

  it('evaluates Fn::Sub in both forms, with ${!Literal} escapes', () => {
    expect(
      evaluate({
        'Fn::Sub': 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Queue.QueueName}',
      }),
    ).toBe('arn:aws:sqs:eu-west-1:123456789012:jobs-local');
    expect(
      evaluate({
        'Fn::Sub': [
          '${Scheme}://${WebsocketsApi}/${Name}/${!Keep}',
          { Scheme: 'https', Name: { Ref: 'PlainTable' } },
        ],
      }),
    ).toBe('https://abcdef1234/plain/${Keep}');
  });

  it('evaluates Fn::Join, Fn::Select and Fn::Split, nested', () => {
    expect(evaluate({ 'Fn::Join': ['-', ['a', { Ref: 'AWS::Region' }, 3]] })).toBe('a-eu-west-1-3');
    expect(evaluate({ 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::GetAtt': ['Table', 'Arn'] }] }] })).toBe(
      'demo-local-table',
    );
    expect(evaluate({ 'Fn::Select': ['0', ['x', 'y']] })).toBe('x');
    expect(evaluate({ 'Fn::Join': [',', { 'Fn::Split': [':', 'a:b'] }] })).toBe('a,b');
  });

  it('passes plain values and maps through, evaluating inside them', () => {
    expect(evaluate({ plain: 1, nested: { name: { Ref: 'PlainTable' } }, keys: ['Ref', 'x'] })).toEqual({
      plain: 1,
      nested: { name: 'plain' },
      keys: ['Ref', 'x'],
    });
  });

  it.each([
    [
      { 'Fn::If': ['Cond', 'a', 'b'] },
      'INTRINSIC_UNSUPPORTED',
      'Outputs.X.Value.Fn::If',
      'intrinsic "Fn::If" is not supported',
    ],
    [
      { 'Fn::ImportValue': 'x' },
      'INTRINSIC_UNSUPPORTED',
      'Outputs.X.Value.Fn::ImportValue',
      'intrinsic "Fn::ImportValue"',
    ],
    [
      { Ref: 'AWS::NoValue' },
      'INTRINSIC_UNSUPPORTED',
      'Outputs.X.Value.Ref',
      'pseudo parameter "AWS::NoValue"',
    ],
    [{ Ref: 'Nowhere' }, 'RESOURCE_UNKNOWN', 'Outputs.X.Value.Ref', '"Nowhere" is neither a resource'],
    [
      { Ref: 'Topic' },
      'RESOURCE_UNKNOWN',
      'Outputs.X.Value.Ref',
      'Ref of "Topic" (AWS::SNS::Topic) has no local equivalent',
    ],
    [
      { 'Fn::GetAtt': ['PlainTable', 'StreamArn'] },
      'INTRINSIC_INVALID',
      'Outputs.X.Value.Fn::GetAtt',
      'needs a StreamSpecification',
    ],
    [
      { 'Fn::GetAtt': ['Queue', 'Bogus'] },
      'INTRINSIC_INVALID',
      'Outputs.X.Value.Fn::GetAtt',
      'has no attribute "Bogus"',
    ],
    [
      { 'Fn::GetAtt': ['WebsocketsApi', 'Bogus'] },
      'INTRINSIC_INVALID',
      'Outputs.X.Value.Fn::GetAtt',
      'AWS::ApiGatewayV2::Api "WebsocketsApi" has no attribute "Bogus" locally (ApiId, ApiEndpoint)',
    ],
    [
      { 'Fn::GetAtt': ['SendMessageLambdaFunction', 'Bogus'] },
      'INTRINSIC_INVALID',
      'Outputs.X.Value.Fn::GetAtt',
      'no attribute "Bogus"',
    ],
    [
      { 'Fn::GetAtt': ['Nowhere', 'Arn'] },
      'RESOURCE_UNKNOWN',
      'Outputs.X.Value.Fn::GetAtt',
      '"Nowhere" is neither',
    ],
    [{ 'Fn::GetAtt': 'NoDot' }, 'INTRINSIC_INVALID', 'Outputs.X.Value.Fn::GetAtt', 'Fn::GetAtt takes'],
    [{ Ref: ['list'] }, 'INTRINSIC_INVALID', 'Outputs.X.Value.Ref', 'Ref takes a logical id string'],
    [{ 'Fn::Sub': ['only-one'] }, 'INTRINSIC_INVALID', 'Outputs.X.Value.Fn::Sub', 'Fn::Sub takes'],
    [{ 'Fn::Sub': 42 }, 'INTRINSIC_INVALID', 'Outputs.X.Value.Fn::Sub', 'template must be a string'],
    [{ 'Fn::Join': ['-'] }, 'INTRINSIC_INVALID', 'Outputs.X.Value.Fn::Join', 'Fn::Join takes'],
    [
      { 'Fn::Join': ['-', 'not-a-list'] },
      'INTRINSIC_INVALID',
      'Outputs.X.Value.Fn::Join[1]',
      'must be a list',
    ],
    [
      { 'Fn::Join': ['-', [{ a: 1 }]] },
      'INTRINSIC_INVALID',
      'Outputs.X.Value.Fn::Join[1][0]',
      'must be a string',
    ],
    [{ 'Fn::Select': [5, ['a']] }, 'INTRINSIC_INVALID', 'Outputs.X.Value.Fn::Select', 'out of range'],
    [{ 'Fn::Select': 'x' }, 'INTRINSIC_INVALID', 'Outputs.X.Value.Fn::Select', 'Fn::Select takes'],
    [{ 'Fn::Split': [':'] }, 'INTRINSIC_INVALID', 'Outputs.X.Value.Fn::Split', 'Fn::Split takes'],
  ])('rejects %j with %s at a precise path', (value, code, path, detail) => {
    const error = errorOf(() => evaluate(value));
    expect(error.code).toBe(code);
    expect(error.file).toBe('services/demo/serverless.yml');
    expect(error.path).toBe(path);
    expect(error.message).toContain(detail);
  });

  it('evaluateString insists on a scalar', () => {
    expect(evaluator().evaluateString(8, ['x'])).toBe('8');
    expect(() => evaluator().evaluateString(['a'], ['x'])).toThrow(DefinitionError);
  });
});
