import { DefinitionError, resolveVariables } from '../../../src/definitions';
import type { VariableContext } from '../../../src/definitions';

function context(overrides: Partial<VariableContext> = {}): VariableContext {
  return {
    file: 'services/demo/serverless.yml',
    stage: 'local',
    region: 'eu-west-1',
    accountId: '123456789012',
    options: { stage: 'local', region: 'eu-west-1' },
    env: {},
    composeParams: {},
    ...overrides,
  };
}

function resolve(document: Record<string, unknown>, overrides: Partial<VariableContext> = {}) {
  return resolveVariables(document, context(overrides)) as Record<string, unknown>;
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

describe('resolveVariables', () => {
  it('resolves sls, opt, aws and env sources', () => {
    const out = resolve(
      {
        stage: '${sls:stage}',
        optStage: '${opt:stage}',
        region: '${opt:region}',
        awsRegion: '${aws:region}',
        account: '${aws:accountId}',
        home: '${env:DEMO_HOME}',
      },
      { env: { DEMO_HOME: '/home/demo' } },
    );
    expect(out).toEqual({
      stage: 'local',
      optStage: 'local',
      region: 'eu-west-1',
      awsRegion: 'eu-west-1',
      account: '123456789012',
      home: '/home/demo',
    });
  });

  it('embeds variables in text and keeps the type of a whole-value variable', () => {
    const out = resolve({
      params: { default: { shards: 4, enabled: true } },
      name: 'chorus-${sls:stage}-${aws:region}',
      shards: '${param:shards}',
      shardsText: 'n=${param:shards}',
      enabled: '${param:enabled}',
    });
    expect(out['name']).toBe('chorus-local-eu-west-1');
    expect(out['shards']).toBe(4);
    expect(out['shardsText']).toBe('n=4');
    expect(out['enabled']).toBe(true);
  });

  it('uses fallbacks in order: quoted strings, numbers, booleans, typed sources and nested variables', () => {
    const out = resolve(
      {
        custom: { fallback: 'from-self' },
        single: "${env:MISSING, 'dev'}",
        double: '${env:MISSING, "dq"}',
        number: '${env:MISSING, 25}',
        bool: '${env:MISSING, false}',
        typed: '${env:MISSING, self:custom.fallback}',
        nested: '${env:MISSING, ${self:custom.fallback}}',
        chain: "${env:MISSING, env:ALSO_MISSING, 'last'}",
        first: "${env:PRESENT, 'unused'}",
        optOther: "${opt:profile, 'default'}",
      },
      { env: { PRESENT: 'yes' } },
    );
    expect(out).toMatchObject({
      single: 'dev',
      double: 'dq',
      number: 25,
      bool: false,
      typed: 'from-self',
      nested: 'from-self',
      chain: 'last',
      first: 'yes',
      optOther: 'default',
    });
  });

  it('resolves self references through other variables and nested addresses', () => {
    const out = resolve({
      service: 'demo',
      custom: {
        table: '${self:service}-${sls:stage}',
        byStage: { local: 'L', dev: 'D' },
        list: ['a', 'b'],
      },
      table: '${self:custom.table}',
      picked: '${self:custom.byStage.${sls:stage}}',
      second: '${self:custom.list.1}',
      whole: '${self:custom.list}',
    });
    expect(out['table']).toBe('demo-local');
    expect(out['picked']).toBe('L');
    expect(out['second']).toBe('b');
    expect(out['whole']).toEqual(['a', 'b']);
  });

  it('looks params up in compose params, then params.<stage>, then params.default', () => {
    const document = {
      params: {
        default: { a: 'default-a', b: 'default-b', c: 'default-c' },
        local: { b: 'local-b', c: '${self:custom.c}' },
      },
      custom: { c: 'local-c-via-self' },
      a: '${param:a}',
      b: '${param:b}',
      c: '${param:c}',
      fromCompose: '${param:a}',
    };
    expect(resolve(document)).toMatchObject({ a: 'default-a', b: 'local-b', c: 'local-c-via-self' });
    expect(resolve(document, { composeParams: { a: 'compose-a' } })).toMatchObject({
      a: 'compose-a',
      b: 'local-b',
    });
  });

  it('leaves CloudFormation Fn::Sub placeholders alone but resolves variables next to them', () => {
    const out = resolve({
      arn: {
        'Fn::Sub':
          'arn:${AWS::Partition}:sqs:${aws:region}:${AWS::AccountId}:${MyQueue.QueueName}-${sls:stage}',
      },
      literal: 'cost: \\${sls:stage}',
    });
    expect(out['arn']).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:sqs:eu-west-1:${AWS::AccountId}:${MyQueue.QueueName}-local',
    });
    expect(out['literal']).toBe('cost: ${sls:stage}');
  });

  it('names file and path when a variable has no value and no fallback', () => {
    const error = errorOf(() => resolve({ provider: { environment: { KEY: '${env:NOPE}' } } }));
    expect(error.code).toBe('VARIABLE_UNRESOLVED');
    expect(error.message).toBe(
      'services/demo/serverless.yml: provider.environment.KEY: cannot resolve "${env:NOPE}": no value found and no fallback given',
    );
  });

  it.each([
    ['${ssm:/chorus/secret}', 'unsupported variable source "ssm"'],
    ['${cf:other-stack.Output}', 'unsupported variable source "cf"'],
    ['${file(./config.yml):key}', 'unsupported variable source "file(…)"'],
    ['${strToBool(true)}', 'unsupported variable source "strToBool(…)"'],
    ['${sls:instanceId}', 'unsupported variable "sls:instanceId"'],
    ['${aws:partition}', 'unsupported variable "aws:partition"'],
  ])('rejects %s as unsupported, naming file and path', (value, detail) => {
    const error = errorOf(() => resolve({ functions: { fn: { environment: { X: value } } } }));
    expect(error.code).toBe('VARIABLE_UNSUPPORTED');
    expect(error.file).toBe('services/demo/serverless.yml');
    expect(error.path).toBe('functions.fn.environment.X');
    expect(error.message).toContain(detail);
  });

  it('reports self-reference cycles', () => {
    const error = errorOf(() => resolve({ custom: { a: '${self:custom.b}', b: '${self:custom.a}' } }));
    expect(error.code).toBe('VARIABLE_CYCLE');
    expect(error.message).toContain('services/demo/serverless.yml: custom.');
  });

  it.each([
    ['${env:A', 'unterminated variable'],
    ['${env:MISSING, not a literal}', 'invalid variable source "not a literal"'],
    ["${env:MISSING, 'unclosed}", 'unterminated variable'],
  ])('rejects the malformed variable %s', (value, detail) => {
    const error = errorOf(() => resolve({ key: value }));
    expect(error.code).toBe('VARIABLE_SYNTAX');
    expect(error.message).toContain(detail);
  });

  it('refuses to embed an object in a string', () => {
    const error = errorOf(() => resolve({ custom: { obj: { a: 1 } }, key: 'x-${self:custom.obj}' }));
    expect(error.code).toBe('VARIABLE_SYNTAX');
    expect(error.path).toBe('key');
  });

  it('returns a new tree and leaves non-string values untouched', () => {
    const document = { n: 1, b: false, nothing: null, list: [1, '${sls:stage}'] };
    const out = resolve(document);
    expect(out).toEqual({ n: 1, b: false, nothing: null, list: [1, 'local'] });
    expect(document.list[1]).toBe('${sls:stage}');
  });
});
