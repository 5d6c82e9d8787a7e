import { loadConfig } from '../../src/config';
import { ConfigError } from '../../src/errors';

describe('loadConfig', () => {
  it('reads MAX_ROOMS_PER_CONNECTION and refuses one that is not a positive integer', () => {
    expect(loadConfig({ CONNECTIONS_TABLE: 't', MAX_ROOMS_PER_CONNECTION: '7' }).maxRoomsPerConnection).toBe(
      7,
    );
    for (const value of ['0', '-2', '1.5', 'many']) {
      expect(() => loadConfig({ CONNECTIONS_TABLE: 't', MAX_ROOMS_PER_CONNECTION: value })).toThrow(
        /MAX_ROOMS_PER_CONNECTION/,
      );
    }
  });

  it('reads the table name and room shards', () => {
    expect(loadConfig({ CONNECTIONS_TABLE: 'chorus-connections-dev', ROOM_SHARDS: '8' })).toEqual({
      tableName: 'chorus-connections-dev',
      roomShards: 8,
      presenceCacheMs: 2000,
      maxRoomsPerConnection: 50,
      maxConnectionsPerUser: 10,
    });
  });

  it('reads MAX_CONNECTIONS_PER_USER and the management endpoint, refusing bad values', () => {
    const env = { CONNECTIONS_TABLE: 't', MAX_CONNECTIONS_PER_USER: '3' };
    expect(loadConfig(env).maxConnectionsPerUser).toBe(3);
    for (const bad of ['0', '2.5', 'many']) {
      expect(() => loadConfig({ ...env, MAX_CONNECTIONS_PER_USER: bad })).toThrow(/MAX_CONNECTIONS_PER_USER/);
    }
    const endpoint = 'https://abc.execute-api.us-east-1.amazonaws.com/dev';
    expect(loadConfig({ ...env, WEBSOCKET_MANAGEMENT_ENDPOINT: endpoint }).managementEndpoint).toBe(endpoint);
    expect(loadConfig(env)).not.toHaveProperty('managementEndpoint');
    expect(() => loadConfig({ ...env, WEBSOCKET_MANAGEMENT_ENDPOINT: 'abc' })).toThrow(ConfigError);
  });

  it('reads PRESENCE_CACHE_MS, 0 turning the big-room presence cache off', () => {
    expect(loadConfig({ CONNECTIONS_TABLE: 't', PRESENCE_CACHE_MS: '0' }).presenceCacheMs).toBe(0);
    expect(loadConfig({ CONNECTIONS_TABLE: 't', PRESENCE_CACHE_MS: '60000' }).presenceCacheMs).toBe(60000);
  });

  it.each(['-1', '1.5', 'soon', '60001'])('fails clearly when PRESENCE_CACHE_MS is %p', (value) => {
    expect(() => loadConfig({ CONNECTIONS_TABLE: 't', PRESENCE_CACHE_MS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ CONNECTIONS_TABLE: 't', PRESENCE_CACHE_MS: value })).toThrow(
      /PRESENCE_CACHE_MS.*0 \(off\) to 60000/,
    );
  });

  it('defaults ROOM_SHARDS the way @chorus/keys does', () => {
    expect(loadConfig({ CONNECTIONS_TABLE: 't' }).roomShards).toBe(1);
  });

  it.each([undefined, '', '   '])('fails clearly when CONNECTIONS_TABLE is %p', (value) => {
    expect(() => loadConfig({ CONNECTIONS_TABLE: value, ROOM_SHARDS: '4' })).toThrow(ConfigError);
    expect(() => loadConfig({ CONNECTIONS_TABLE: value })).toThrow(/CONNECTIONS_TABLE is not set/);
  });

  it.each(['0', '-1', '2.5', 'four', '1001'])('fails clearly when ROOM_SHARDS is %p', (value) => {
    expect(() => loadConfig({ CONNECTIONS_TABLE: 't', ROOM_SHARDS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ CONNECTIONS_TABLE: 't', ROOM_SHARDS: value })).toThrow(/ROOM_SHARDS/);
  });
});
