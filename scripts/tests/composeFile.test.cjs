// The one reader of serverless-compose.yml (scripts/lib/composeFile.cjs), shared by
// `npm run package` and the local cloud.
'use strict';

const { describe, expect, test } = require('@jest/globals');
const { ComposeFileError, composeServices, resolveServiceParams } = require('../lib/composeFile.cjs');

function errorOf(run) {
  try {
    run();
  } catch (error) {
    if (error instanceof ComposeFileError) return error;
    throw error;
  }
  throw new Error('expected a ComposeFileError');
}

describe('composeServices', () => {
  test('orders services so dependencies (params references and dependsOn) come first, else as written', () => {
    const services = composeServices({
      services: {
        fanout: {
          path: 'services/fanout',
          params: { id: '${connections.WebsocketApiId}', s: '${messages.StreamArn}' },
        },
        connections: { path: 'services/connections' },
        messages: { path: 'services/messages', dependsOn: ['connections'] },
        lonely: { path: 'services/lonely' },
      },
    });
    expect(services.map((service) => service.key)).toEqual(['connections', 'messages', 'fanout', 'lonely']);
    expect(services.find((service) => service.key === 'fanout').dependsOn.sort()).toEqual([
      'connections',
      'messages',
    ]);
  });

  test.each([
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
    const error = errorOf(() => composeServices(document));
    expect(error.code).toBe('COMPOSE_INVALID');
    expect(error.message).toContain(`serverless-compose.yml: ${path}: ${detail}`);
  });
});

describe('resolveServiceParams', () => {
  const service = composeServices({
    services: {
      a: { path: 'a' },
      b: {
        path: 'b',
        params: { id: '${a.ApiId}', url: 'https://${a.ApiId}/x', n: 3, shards: '${a.Shards}' },
      },
    },
  }).find((entry) => entry.key === 'b');

  test('substitutes outputs of earlier services, whole (keeping the type) or embedded', () => {
    expect(resolveServiceParams(service, { a: { ApiId: 'abc', Shards: 4 } })).toEqual({
      id: 'abc',
      url: 'https://abc/x',
      n: 3,
      shards: 4,
    });
  });

  test('names the missing output and what the service does output', () => {
    const error = errorOf(() => resolveServiceParams(service, { a: { Other: 'x' } }));
    expect(error.code).toBe('COMPOSE_OUTPUT_MISSING');
    expect(error.message).toBe(
      'serverless-compose.yml: services.b.params.id: "${a.ApiId}": service "a" has no output "ApiId" (outputs: Other)',
    );
  });
});
