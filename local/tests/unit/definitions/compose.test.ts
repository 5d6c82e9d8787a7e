import { DefinitionError, parseCompose, resolveComposeParams } from '../../../src/definitions';

function errorOf(run: () => unknown): DefinitionError {
  try {
    run();
  } catch (error) {
    if (error instanceof DefinitionError) return error;
    throw error;
  }
  throw new Error('expected a DefinitionError');
}

describe('parseCompose', () => {
  it('orders services so dependencies (params references and dependsOn) come first, else as written', () => {
    const services = parseCompose(
      {
        services: {
          fanout: {
            path: 'services/fanout',
            params: { id: '${connections.WebsocketApiId}', s: '${messages.StreamArn}' },
          },
          connections: { path: 'services/connections' },
          messages: { path: 'services/messages', dependsOn: ['connections'] },
          lonely: { path: 'services/lonely' },
        },
      },
      'serverless-compose.yml',
    );
    expect(services.map((service) => service.key)).toEqual(['connections', 'messages', 'fanout', 'lonely']);
    expect(services.find((service) => service.key === 'fanout')?.dependsOn.sort()).toEqual([
      'connections',
      'messages',
    ]);
  });

  it.each([
    [{}, 'services', 'expected a map of services'],
    [{ services: { a: {} } }, 'services.a.path', 'every service needs a path'],
    [{ services: { a: { path: 'x', params: ['p'] } } }, 'services.a.params', 'params must be a map'],
    [{ services: { a: { path: 'x', params: { p: '${ghost.Out}' } } } }, 'services.a', 'depends on "ghost"'],
    [
      { services: { a: { path: 'x', dependsOn: 'b' }, b: { path: 'y', dependsOn: 'a' } } },
      'services',
      'dependency cycle among a, b',
    ],
  ])('rejects %j', (document, path, detail) => {
    const error = errorOf(() => parseCompose(document, 'serverless-compose.yml'));
    expect(error.code).toBe('DEFINITION_INVALID');
    expect(error.path).toBe(path);
    expect(error.message).toContain(detail);
  });
});

describe('resolveComposeParams', () => {
  const service = parseCompose(
    {
      services: {
        a: { path: 'a' },
        b: { path: 'b', params: { id: '${a.ApiId}', url: 'https://${a.ApiId}/x', n: 3 } },
      },
    },
    'c.yml',
  ).find((entry) => entry.key === 'b');
  if (!service) throw new Error('fixture has service b');

  it('substitutes outputs of earlier services, whole or embedded', () => {
    expect(resolveComposeParams(service, { a: { ApiId: 'abc' } }, 'c.yml')).toEqual({
      id: 'abc',
      url: 'https://abc/x',
      n: 3,
    });
  });

  it('names the missing output and what the service does output', () => {
    const error = errorOf(() => resolveComposeParams(service, { a: { Other: 'x' } }, 'c.yml'));
    expect(error.code).toBe('VARIABLE_UNRESOLVED');
    expect(error.message).toBe(
      'c.yml: services.b.params.id: "${a.ApiId}": service "a" has no output "ApiId" (outputs: Other)',
    );
  });
});
