// Loading packaged CloudFormation templates and finding things in them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  [key: string]: unknown;
}

export interface Template {
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
  [key: string]: unknown;
}

export type ServiceKey = 'connections' | 'messages' | 'fanout';
export const SERVICE_KEYS: readonly ServiceKey[] = ['connections', 'messages', 'fanout'];

/** The template `serverless package` wrote for a service; a clear error when it is missing. */
export function loadServiceTemplate(service: ServiceKey): Template {
  const file = path.join(
    PROJECT_ROOT,
    'services',
    service,
    '.serverless',
    'cloudformation-template-update-stack.json',
  );
  if (!fs.existsSync(file)) {
    throw new Error(`${path.relative(PROJECT_ROOT, file)} does not exist: run \`npm run package\` first`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Template;
}

/** A hand-written template in infra/ (YAML, long-form intrinsics only). */
export function loadInfraTemplate(name: string): Template {
  return parse(fs.readFileSync(path.join(PROJECT_ROOT, 'infra', name), 'utf8')) as Template;
}

/** `params.default` of a service's serverless.yml: the knobs' default values. */
export function serviceParamDefaults(service: ServiceKey): Record<string, unknown> {
  const file = path.join(PROJECT_ROOT, 'services', service, 'serverless.yml');
  // Only params are read: the CloudFormation short tags (!GetAtt, !Sub) may stay unresolved.
  const config = parse(fs.readFileSync(file, 'utf8'), { logLevel: 'error' }) as {
    params?: { default?: Record<string, unknown> };
  };
  return config.params?.default ?? {};
}

export function resourcesOfType(template: Template, type: string): Array<[string, Resource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** Properties of a resource. Templates are untyped JSON, so assertions index into them freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function props(resource: Resource): Record<string, any> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (resource.Properties ?? {}) as Record<string, any>;
}

/** The Lambda function of a serverless.yml function key (FunctionName `<service>-<stage>-<key>`). */
export function functionByKey(template: Template, key: string): [string, Resource] {
  const matches = resourcesOfType(template, 'AWS::Lambda::Function').filter(([, fn]) =>
    String(props(fn)['FunctionName']).endsWith(`-${key}`),
  );
  if (matches.length !== 1) {
    throw new Error(`expected exactly one function "${key}", found ${matches.length}`);
  }
  return matches[0]!;
}

/** The logical id a `Ref` or `Fn::GetAtt` points at, if the value is one. */
export function referencedLogicalId(value: unknown): string | undefined {
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record['Ref'] === 'string') return record['Ref'];
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
    if (typeof getAtt === 'string') return getAtt.split('.')[0];
  }
  return undefined;
}

/** The resource holding a given physical name property (e.g. a queue by QueueName). */
export function resourceByName(
  template: Template,
  type: string,
  property: string,
  name: string,
): [string, Resource] {
  const matches = resourcesOfType(template, type).filter(
    ([, resource]) => props(resource)[property] === name,
  );
  if (matches.length !== 1)
    throw new Error(`expected one ${type} with ${property} = ${name}, found ${matches.length}`);
  return matches[0]!;
}

/** Stage the template was packaged for (from the connections/messages table names). */
export function packagedStage(template: Template): string {
  const fn = resourcesOfType(template, 'AWS::Lambda::Function')[0];
  const env = props(fn![1])['Environment']?.Variables ?? {};
  if (typeof env.STAGE !== 'string') throw new Error('functions must set STAGE');
  return env.STAGE;
}

/** Every logical id referenced (Ref / Fn::GetAtt) anywhere inside a value. */
export function referencesIn(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const id = referencedLogicalId(node);
    if (id && !id.startsWith('AWS::')) found.push(id);
    Object.values(node as Record<string, unknown>).forEach(walk);
  };
  walk(value);
  return found;
}

/** The Lambda function (logical id) a WebSocket route invokes: route → integration → function. */
export function routeFunctionId(template: Template, route: Resource): string | undefined {
  const integrationId = referencesIn(props(route)['Target']).find(
    (id) => template.Resources[id]?.Type === 'AWS::ApiGatewayV2::Integration',
  );
  if (!integrationId) return undefined;
  return referencesIn(props(template.Resources[integrationId]!)['IntegrationUri']).find(
    (id) => template.Resources[id]?.Type === 'AWS::Lambda::Function',
  );
}

/** RouteKey → { function logical id, route response keys, selection expression } for a template. */
export function websocketRoutes(
  template: Template,
): Record<
  string,
  { routeId: string; apiId: unknown; functionId?: string; responseKeys: string[]; selection?: unknown }
> {
  const responses = resourcesOfType(template, 'AWS::ApiGatewayV2::RouteResponse').map(([, r]) => props(r));
  const routes: ReturnType<typeof websocketRoutes> = {};
  for (const [routeId, route] of resourcesOfType(template, 'AWS::ApiGatewayV2::Route')) {
    const functionId = routeFunctionId(template, route);
    routes[props(route)['RouteKey'] as string] = {
      routeId,
      apiId: props(route)['ApiId'],
      ...(functionId ? { functionId } : {}),
      responseKeys: responses
        .filter((response) => referencedLogicalId(response['RouteId']) === routeId)
        .map((response) => response['RouteResponseKey'] as string),
      selection: props(route)['RouteResponseSelectionExpression'],
    };
  }
  return routes;
}
