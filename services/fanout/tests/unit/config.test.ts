import { readConfig } from '../../src/config';
import { ConfigError } from '../../src/errors';

function env(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    CONNECTIONS_TABLE: 'chorus-connections-dev',
    DELIVERY_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/chorus-delivery-dev',
    DELIVERY_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/chorus-delivery-dlq-dev',
    DISPATCH_FAILURES_QUEUE_URL:
      'https://sqs.us-east-1.amazonaws.com/000000000000/chorus-dispatch-failures-dev',
    WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://abc123defg.execute-api.us-east-1.amazonaws.com/dev',
    DELIVERY_BATCH_SIZE: '250',
    DELIVERY_IN_FLIGHT: '16',
    DELIVERY_MAX_ATTEMPTS: '7',
    ROOM_SHARDS: '8',
    DISPATCH_EXPAND_AFTER: '30000',
    DISPATCH_INLINE_MAX: '10',
    ...overrides,
  };
}

describe('readConfig', () => {
  it('reads every knob from the environment', () => {
    expect(readConfig(env())).toEqual({
      connectionsTable: 'chorus-connections-dev',
      deliveryQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/chorus-delivery-dev',
      deliveryDlqUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/chorus-delivery-dlq-dev',
      dispatchFailuresQueueUrl:
        'https://sqs.us-east-1.amazonaws.com/000000000000/chorus-dispatch-failures-dev',
      managementEndpoint: 'https://abc123defg.execute-api.us-east-1.amazonaws.com/dev',
      deliveryBatchSize: 250,
      deliveryInFlight: 16,
      deliveryMaxAttempts: 7,
      roomShards: 8,
      dispatchExpandAfter: 30000,
      dispatchInlineMax: 10,
    });
  });

  it('falls back to the documented defaults for numeric knobs that are not set', () => {
    const config = readConfig(
      env({
        DELIVERY_BATCH_SIZE: undefined,
        DELIVERY_IN_FLIGHT: '',
        DELIVERY_MAX_ATTEMPTS: undefined,
        ROOM_SHARDS: undefined,
        DISPATCH_EXPAND_AFTER: undefined,
        DISPATCH_INLINE_MAX: undefined,
      }),
    );
    expect(config).toMatchObject({
      deliveryBatchSize: 50,
      deliveryInFlight: 32,
      dispatchExpandAfter: 20000,
      dispatchInlineMax: 50,
      deliveryMaxAttempts: 5,
      roomShards: 1,
    });
  });

  it('reports every problem at once with a ConfigError', () => {
    let caught: unknown;
    try {
      readConfig(env({ CONNECTIONS_TABLE: undefined, DELIVERY_BATCH_SIZE: '0', DELIVERY_IN_FLIGHT: '2.5' }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('CONNECTIONS_TABLE is required');
    expect(error.message).toContain('DELIVERY_BATCH_SIZE must be an integer from 1 to 5000, got "0"');
    expect(error.message).toContain('DELIVERY_IN_FLIGHT must be an integer');
  });

  it('takes 0 for DISPATCH_INLINE_MAX (every room through the queue) and refuses a negative one', () => {
    expect(readConfig(env({ DISPATCH_INLINE_MAX: '0' })).dispatchInlineMax).toBe(0);
    expect(() => readConfig(env({ DISPATCH_INLINE_MAX: '-1' }))).toThrow(
      'DISPATCH_INLINE_MAX must be an integer from 0 to 5000, got "-1"',
    );
  });

  it('refuses a management endpoint without the stage path', () => {
    expect(() =>
      readConfig(
        env({ WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://abc123defg.execute-api.us-east-1.amazonaws.com' }),
      ),
    ).toThrow(/stage included/);
  });

  it('accepts the local cloud endpoint', () => {
    expect(
      readConfig(env({ WEBSOCKET_MANAGEMENT_ENDPOINT: 'http://127.0.0.1:3001/local' })).managementEndpoint,
    ).toBe('http://127.0.0.1:3001/local');
  });
});
