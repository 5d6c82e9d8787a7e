import { loadConfig } from '../../src/config';
import { ConfigError } from '../../src/errors';

describe('loadConfig', () => {
  it('reads both table names', () => {
    expect(loadConfig({ MESSAGES_TABLE: 'm-table', CONNECTIONS_TABLE: 'c-table' })).toEqual({
      messagesTable: 'm-table',
      connectionsTable: 'c-table',
    });
  });

  it.each(['MESSAGES_TABLE', 'CONNECTIONS_TABLE'])('names %s when it is missing or blank', (name) => {
    const env: Record<string, string> = { MESSAGES_TABLE: 'm', CONNECTIONS_TABLE: 'c' };
    delete env[name];
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
    expect(() => loadConfig({ ...env, [name]: '  ' })).toThrow(name);
  });
});
