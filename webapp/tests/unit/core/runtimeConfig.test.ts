import {
  loadRuntimeConfig,
  parseRuntimeConfig,
  RuntimeConfigError,
} from '../../../src/app/core/runtime-config';

describe('runtime config', () => {
  it('accepts a ws:// or wss:// websocketUrl', () => {
    expect(
      parseRuntimeConfig({ websocketUrl: 'wss://abc.execute-api.eu-west-1.amazonaws.com/prod' }),
    ).toEqual({
      websocketUrl: 'wss://abc.execute-api.eu-west-1.amazonaws.com/prod',
    });
  });

  it.each([null, 'ws://x', {}, { websocketUrl: 'http://127.0.0.1:3001/local' }, { websocketUrl: 42 }])(
    'refuses %p',
    (value) => {
      expect(() => parseRuntimeConfig(value)).toThrow(RuntimeConfigError);
    },
  );

  it('loads /config.json without the HTTP cache and reports a missing file', async () => {
    const fetchConfig = jest.fn(async () => ({
      ok: true,
      status: 200,
      json: async () => ({ websocketUrl: 'ws://127.0.0.1:3001/local' }),
    }));
    await expect(loadRuntimeConfig(fetchConfig as unknown as typeof fetch)).resolves.toEqual({
      websocketUrl: 'ws://127.0.0.1:3001/local',
    });
    expect(fetchConfig).toHaveBeenCalledWith('/config.json', { cache: 'no-store' });

    const missing = jest.fn(async () => ({ ok: false, status: 404 }));
    await expect(loadRuntimeConfig(missing as unknown as typeof fetch)).rejects.toThrow('answered 404');
  });
});
