// Rules every service shares: the Lambda runtime, the stage knobs that must agree across services.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  loadServiceTemplate,
  PROJECT_ROOT,
  props,
  resourcesOfType,
  SERVICE_KEYS,
  serviceParamDefaults,
} from './support/templates';

describe.each(SERVICE_KEYS)('%s', (service) => {
  test('every function runs on nodejs24.x', () => {
    const functions = resourcesOfType(loadServiceTemplate(service), 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const [id, fn] of functions) {
      expect({ id, runtime: props(fn)['Runtime'] }).toEqual({ id, runtime: 'nodejs24.x' });
    }
  });

  test('esbuild compiles for the Node that the runtime runs (custom.esbuild.target)', () => {
    // Only plain keys are read: the short intrinsics (!GetAtt, !Ref) are unknown tags here.
    const ymlText = readFileSync(join(PROJECT_ROOT, 'services', service, 'serverless.yml'), 'utf8');
    const yml = parse(ymlText, { logLevel: 'error' }) as {
      provider: { runtime: string };
      custom: { esbuild: { target: string } };
    };
    expect(yml.provider.runtime).toBe('nodejs24.x');
    expect(yml.custom.esbuild.target).toBe('node24');
  });

  test('functions log and publish metrics under the Chorus conventions', () => {
    for (const [id, fn] of resourcesOfType(loadServiceTemplate(service), 'AWS::Lambda::Function')) {
      const env = props(fn)['Environment']?.Variables ?? {};
      expect({ id, env }).toMatchObject({
        id,
        env: {
          STAGE: expect.any(String),
          POWERTOOLS_SERVICE_NAME: expect.any(String),
          POWERTOOLS_LOG_LEVEL: expect.any(String),
          POWERTOOLS_METRICS_NAMESPACE: 'Chorus',
        },
      });
    }
  });
});

test('room sharding agrees between the service that writes members and the one that reads them', () => {
  const shardsOf = (service: 'connections' | 'fanout') =>
    resourcesOfType(loadServiceTemplate(service), 'AWS::Lambda::Function').map(
      ([, fn]) => props(fn)['Environment']?.Variables?.ROOM_SHARDS,
    );
  const connections = new Set(shardsOf('connections'));
  expect(connections.size).toBe(1);
  expect(new Set(shardsOf('fanout').filter((value) => value !== undefined))).toEqual(connections);
  expect(String(serviceParamDefaults('connections')['roomShards'])).toBe([...connections][0]);
});

test('compose hands the connections service’s roomShards to the fan-out, so a stage cannot split them', () => {
  expect(Object.keys(loadServiceTemplate('connections').Outputs ?? {})).toContain('RoomShards');
  const compose = parse(readFileSync(join(PROJECT_ROOT, 'serverless-compose.yml'), 'utf8')) as {
    services: Record<string, { params?: Record<string, string> }>;
  };
  expect(compose.services['fanout']?.params?.['roomShards']).toBe('${connections.RoomShards}');
});
