import { buildMessageService, containerDeps } from '../../src/container';
import { ConfigError } from '../../src/errors';
import { MessageService } from '../../src/messageService';
import { recordingMetrics } from '../support/fakes';

const env = {
  MESSAGES_TABLE: 'chorus-messages-test',
  CONNECTIONS_TABLE: 'chorus-connections-test',
  AWS_REGION: 'us-east-1',
};

describe('container', () => {
  it('builds the service from the environment', () => {
    expect(buildMessageService(env, recordingMetrics())).toBeInstanceOf(MessageService);
  });

  it('names the missing variable instead of building a half-configured service', () => {
    expect(() => buildMessageService({ MESSAGES_TABLE: 'm' }, recordingMetrics())).toThrow(ConfigError);
    expect(() => buildMessageService({ MESSAGES_TABLE: 'm' }, recordingMetrics())).toThrow(
      'CONNECTIONS_TABLE',
    );
  });

  it('defers building the service to the first invocation, so import never fails', () => {
    const deps = containerDeps({});
    expect(typeof deps.messages).toBe('function');
    expect(() => (deps.messages as () => MessageService)()).toThrow(ConfigError);
    expect(typeof deps.logger.info).toBe('function');
    expect(typeof deps.metrics.addMetric).toBe('function');
  });
});
