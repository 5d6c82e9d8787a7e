import { loadConfig } from '../../src/config';
import { ConfigError } from '../../src/errors';

describe('loadConfig', () => {
  it('reads both table names', () => {
    expect(loadConfig({ MESSAGES_TABLE: 'm-table', CONNECTIONS_TABLE: 'c-table' })).toEqual({
      messagesTable: 'm-table',
      connectionsTable: 'c-table',
      sendRatePerSecond: 10,
      sendRateBurst: 50,
      historyRatePerSecond: 10,
      historyRateBurst: 100,
    });
  });

  it('reads the history rate and burst, refusing values that are not positive', () => {
    const env = { MESSAGES_TABLE: 'm', CONNECTIONS_TABLE: 'c' };
    expect(loadConfig({ ...env, HISTORY_RATE_PER_SECOND: '0.5', HISTORY_RATE_BURST: '4' })).toMatchObject({
      historyRatePerSecond: 0.5,
      historyRateBurst: 4,
    });
    expect(() => loadConfig({ ...env, HISTORY_RATE_BURST: '1.5' })).toThrow(/HISTORY_RATE_BURST/);
    expect(() => loadConfig({ ...env, HISTORY_RATE_PER_SECOND: '0' })).toThrow(/HISTORY_RATE_PER_SECOND/);
  });

  it('reads the send rate and burst, refusing values that are not positive', () => {
    const env = { MESSAGES_TABLE: 'm', CONNECTIONS_TABLE: 'c' };
    expect(loadConfig({ ...env, SEND_RATE_PER_SECOND: '2.5', SEND_RATE_BURST: '5' })).toMatchObject({
      sendRatePerSecond: 2.5,
      sendRateBurst: 5,
    });
    for (const [name, value] of [
      ['SEND_RATE_PER_SECOND', '0'],
      ['SEND_RATE_PER_SECOND', 'fast'],
      ['SEND_RATE_BURST', '1.5'],
      ['SEND_RATE_BURST', '-3'],
    ] as const) {
      expect(() => loadConfig({ ...env, [name]: value })).toThrow(name);
    }
  });

  it.each(['MESSAGES_TABLE', 'CONNECTIONS_TABLE'])('names %s when it is missing or blank', (name) => {
    const env: Record<string, string> = { MESSAGES_TABLE: 'm', CONNECTIONS_TABLE: 'c' };
    delete env[name];
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
    expect(() => loadConfig({ ...env, [name]: '  ' })).toThrow(name);
  });
});
