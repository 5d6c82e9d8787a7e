type ContainerModule = typeof import('../../src/container');

/** A fresh copy of the module, as in a new Lambda container (its memo starts empty). */
function freshContainer(): ContainerModule {
  let loaded: ContainerModule | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<ContainerModule>('../../src/container');
  });
  if (loaded === undefined) throw new Error('container module did not load');
  return loaded;
}

const env = {
  CONNECTIONS_TABLE: 'chorus-connections-test',
  ROOM_SHARDS: '4',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

describe('containerDeps', () => {
  it('builds the service, logger and metrics once per container', async () => {
    const { containerDeps } = freshContainer();
    const first = containerDeps(env);
    expect(first.service).toBeDefined();
    expect(first.logger).toBeDefined();
    expect(first.metrics).toBeDefined();
    expect(containerDeps(env)).toBe(first);
  });

  it('fails the cold start with a ConfigError naming the missing variable', async () => {
    const { containerDeps } = freshContainer();
    // The isolated copy has its own ConfigError class, so compare by name and code.
    let thrown: unknown;
    try {
      containerDeps({ ...env, CONNECTIONS_TABLE: undefined });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'ConfigError', code: 'CONFIG_INVALID' });
    expect((thrown as Error).message).toMatch(/CONNECTIONS_TABLE/);
  });
});
