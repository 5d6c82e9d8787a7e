import { buildLambdaContext, lambdaLogStreamName } from '../../../src/runtime/lambdaContext';
import {
  LOCAL_FUNCTION_CREDENTIALS,
  buildLambdaEnvironment,
  defaultBaseEnvironment,
} from '../../../src/runtime/lambdaEnvironment';

function contextInput(overrides: Partial<Parameters<typeof buildLambdaContext>[0]> = {}) {
  return {
    functionName: 'chorus-messages-local-sendMessage',
    memorySize: 512,
    region: 'us-east-1',
    accountId: '000000000000',
    deadlineMs: 10_000,
    logStreamName: '2026/01/20/[$LATEST]0123456789abcdef0123456789abcdef',
    now: () => 7_500,
    ...overrides,
  };
}

describe('buildLambdaContext', () => {
  it('describes the function like Lambda does', () => {
    const context = buildLambdaContext(contextInput({ awsRequestId: 'req-1' }));
    expect(context).toMatchObject({
      awsRequestId: 'req-1',
      functionName: 'chorus-messages-local-sendMessage',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:chorus-messages-local-sendMessage',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/chorus-messages-local-sendMessage',
      logStreamName: '2026/01/20/[$LATEST]0123456789abcdef0123456789abcdef',
      callbackWaitsForEmptyEventLoop: true,
    });
  });

  it('counts the remaining time down to the deadline and never below zero', () => {
    let now = 7_500;
    const context = buildLambdaContext(contextInput({ now: () => now }));
    expect(context.getRemainingTimeInMillis()).toBe(2_500);
    now = 9_999;
    expect(context.getRemainingTimeInMillis()).toBe(1);
    now = 12_000;
    expect(context.getRemainingTimeInMillis()).toBe(0);
  });

  it('generates a UUID request id when none is given', () => {
    const a = buildLambdaContext(contextInput()).awsRequestId;
    const b = buildLambdaContext(contextInput()).awsRequestId;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
  });
});

describe('lambdaLogStreamName', () => {
  it('uses the date and a 32-hex container id', () => {
    expect(lambdaLogStreamName(new Date('2026-01-20T11:55:08Z'), 'ab'.repeat(16))).toBe(
      `2026/01/20/[$LATEST]${'ab'.repeat(16)}`,
    );
    expect(lambdaLogStreamName()).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  });
});

describe('buildLambdaEnvironment', () => {
  const input = {
    functionName: 'fn',
    handlerExport: 'handler',
    memorySize: 256,
    region: 'eu-west-1',
    logStreamName: 'stream',
    environment: { TABLE: 'messages', AWS_REGION: 'ignored' },
    base: { PATH: '/bin', TABLE: 'overridden' },
  };

  it('layers base < function variables < reserved variables', () => {
    const env = buildLambdaEnvironment(input);
    expect(env).toMatchObject({
      PATH: '/bin',
      TABLE: 'messages',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'fn',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/fn',
      AWS_LAMBDA_LOG_STREAM_NAME: 'stream',
      _HANDLER: 'index.handler',
    });
  });

  it('always hands functions the fixed local credentials, whatever the host or the function sets', () => {
    const leaky = {
      ...input,
      base: {
        AWS_ACCESS_KEY_ID: 'AKIAHOSTKEY',
        AWS_SECRET_ACCESS_KEY: 'host-secret',
        AWS_SESSION_TOKEN: 'host',
      },
      environment: { AWS_ACCESS_KEY_ID: 'AKIAFROMYML' },
    };
    for (const env of [buildLambdaEnvironment(input), buildLambdaEnvironment(leaky)]) {
      expect(env).toMatchObject(LOCAL_FUNCTION_CREDENTIALS);
    }
  });
});

describe('defaultBaseEnvironment', () => {
  it('passes PATH and friends but never the host credentials or profile', () => {
    const base = defaultBaseEnvironment({
      PATH: '/usr/bin',
      HOME: '/home/dev',
      AWS_ACCESS_KEY_ID: 'AKIAHOSTKEY',
      AWS_SECRET_ACCESS_KEY: 'host-secret',
      AWS_SESSION_TOKEN: 'host-token',
      AWS_PROFILE: 'prod',
    });
    expect(base).toEqual({ PATH: '/usr/bin', HOME: '/home/dev' });
  });
});
