// The one place that reads the deploy definitions: serverless-compose.yml for the services and
// their order, then each service's serverless.yml, exactly as compose would deploy them (outputs of
// one service become params of the next). The result is everything the local cloud creates and
// runs; nothing in local/ adds or renames a route, trigger, table or queue by hand.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';

import { parse } from 'yaml';

import { parseCompose, resolveComposeParams } from './compose';
import { DefinitionError } from './errors';
import { functionNamesOf, functionsOf } from './functions';
import { createStackEvaluator } from './intrinsics';
import { localizeApiUrls } from './localUrls';
import { queuesOf, tablesOf } from './stackResources';
import type {
  CloudDefinition,
  FunctionDefinition,
  LocalEndpoints,
  QueueDefinition,
  TableDefinition,
  WebSocketRoute,
} from './types';
import { resolveVariables } from './variables';

export interface LoadCloudDefinitionOptions {
  repoRoot: string;
  stage: string; // 'local'
  region: string; // 'us-east-1'
  accountId: string; // '000000000000'
  endpoints: LocalEndpoints;
  /** Id the local WebSocket API answers to (`Ref: WebsocketsApi`). */
  apiId: string;
  /** `${env:…}` source; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Relative to repoRoot; defaults to serverless-compose.yml. */
  composeFile?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readYaml(absolute: string, display: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch {
    throw new DefinitionError('DEFINITION_FILE_MISSING', display, [], `cannot read ${absolute}`);
  }
  try {
    return parse(text) as unknown;
  } catch (error) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      display,
      [],
      `not valid YAML: ${(error as Error).message}`,
    );
  }
}

export async function loadCloudDefinition(options: LoadCloudDefinitionOptions): Promise<CloudDefinition> {
  const repoRoot = resolve(options.repoRoot);
  const composeFile = options.composeFile ?? 'serverless-compose.yml';
  const services = parseCompose(await readYaml(resolve(repoRoot, composeFile), composeFile), composeFile);
  const { stage, region, accountId, endpoints, apiId } = options;
  const localize = (value: string) =>
    localizeApiUrls(value, {
      apiId,
      region,
      stage,
      websocketManagement: endpoints.websocketManagement,
      websocketUrl: endpoints.websocketUrl,
    });

  const outputs: Record<string, Record<string, string>> = {};
  const tables: TableDefinition[] = [];
  const queues: QueueDefinition[] = [];
  const functions: FunctionDefinition[] = [];
  const routes: Record<string, WebSocketRoute & { file: string }> = {};
  const files: Record<string, string> = {};
  let routeSelectionExpression = '$request.body.action';

  for (const service of services) {
    const serviceDir = resolve(repoRoot, service.path);
    const fileName = ['serverless.yml', 'serverless.yaml'].find((name) => existsSync(join(serviceDir, name)));
    const file = relative(repoRoot, join(serviceDir, fileName ?? 'serverless.yml'));
    const raw = await readYaml(join(serviceDir, fileName ?? 'serverless.yml'), file);
    files[service.key] = file;
    const composeParams = localizeParams(resolveComposeParams(service, outputs, composeFile), localize);
    const document = resolveVariables(raw, {
      file,
      stage,
      region,
      accountId,
      options: { stage, region },
      env: options.env ?? process.env,
      composeParams,
    });
    if (!isRecord(document) || typeof document['service'] !== 'string') {
      throw new DefinitionError('DEFINITION_INVALID', file, ['service'], 'expected `service: <name>`');
    }
    const provider = isRecord(document['provider']) ? document['provider'] : {};
    const resourcesBlock = isRecord(document['resources']) ? document['resources'] : {};
    const resources = isRecord(resourcesBlock['Resources']) ? resourcesBlock['Resources'] : {};
    const apiGateway = isRecord(provider['apiGateway']) ? provider['apiGateway'] : {};
    const externalApi = apiGateway['websocketApiId'];
    const functionNames = functionNamesOf(document, stage);
    const evaluator = createStackEvaluator({
      file,
      serviceName: document['service'],
      stage,
      region,
      accountId,
      resources,
      functionNames,
      sqsEndpoint: endpoints.sqs,
      ...(externalApi === undefined ? { websocketApiId: apiId } : {}),
    });
    if (externalApi !== undefined) {
      const attachedTo = evaluator.evaluateString(externalApi, ['provider', 'apiGateway', 'websocketApiId']);
      if (attachedTo !== apiId) {
        throw new DefinitionError(
          'DEFINITION_INVALID',
          file,
          ['provider', 'apiGateway', 'websocketApiId'],
          `attaches to WebSocket API "${attachedTo}", but the local API is "${apiId}" (it must come from the owning service's WebsocketApiId output)`,
        );
      }
    }

    tables.push(...tablesOf({ file, service: service.key, resources, evaluator }));
    queues.push(...queuesOf({ file, service: service.key, resources, evaluator }));
    const serviceFunctions = functionsOf({
      file,
      service: service.key,
      serviceDir,
      stage,
      region,
      document,
      evaluator,
      endpoints,
      localize,
    });
    functions.push(...serviceFunctions);
    for (const fn of serviceFunctions) {
      for (const event of fn.events) {
        if (event.kind !== 'websocket') continue;
        const existing = routes[event.route];
        if (existing) {
          throw new DefinitionError(
            'DEFINITION_INVALID',
            file,
            ['functions', fn.name, 'events'],
            `route "${event.route}" is already served by ${existing.functionName} (${existing.file})`,
          );
        }
        routes[event.route] = { functionName: fn.qualifiedName, routeResponse: event.routeResponse, file };
      }
    }
    if (externalApi === undefined && typeof provider['websocketsApiRouteSelectionExpression'] === 'string') {
      routeSelectionExpression = provider['websocketsApiRouteSelectionExpression'];
    }

    const serviceOutputs: Record<string, string> = {};
    const declared = isRecord(resourcesBlock['Outputs']) ? resourcesBlock['Outputs'] : {};
    for (const [name, output] of Object.entries(declared)) {
      const path = ['resources', 'Outputs', name, 'Value'];
      if (!isRecord(output) || output['Value'] === undefined) {
        throw new DefinitionError('DEFINITION_INVALID', file, path, 'an output needs a Value');
      }
      serviceOutputs[name] = localize(evaluator.evaluateString(output['Value'], path));
    }
    outputs[service.key] = serviceOutputs;
  }

  checkTriggerTargets(functions, tables, queues, files);
  return {
    stage,
    region,
    accountId,
    websocket: {
      apiId,
      stage,
      routeSelectionExpression,
      routes: Object.fromEntries(
        Object.entries(routes).map(([route, { functionName, routeResponse }]) => [
          route,
          { functionName, routeResponse },
        ]),
      ),
    },
    tables,
    queues,
    functions,
    outputs,
  };
}

function localizeParams(
  params: Record<string, unknown>,
  localize: (value: string) => string,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? localize(value) : value]),
  );
}

/** A trigger on a table or queue no service defines would poll nothing locally: say so now. */
function checkTriggerTargets(
  functions: FunctionDefinition[],
  tables: TableDefinition[],
  queues: QueueDefinition[],
  files: Record<string, string>,
): void {
  for (const fn of functions) {
    for (const event of fn.events) {
      if (
        event.kind === 'stream' &&
        !tables.some((table) => table.name === event.tableName && table.streamArn)
      ) {
        throw new DefinitionError(
          'DEFINITION_INVALID',
          files[fn.service] ?? fn.service,
          ['functions', fn.name, 'events'],
          `stream trigger on table "${event.tableName}", which no service defines with a StreamSpecification`,
        );
      }
      if (event.kind === 'sqs' && !queues.some((queue) => queue.arn === event.queueArn)) {
        throw new DefinitionError(
          'DEFINITION_INVALID',
          files[fn.service] ?? fn.service,
          ['functions', fn.name, 'events'],
          `sqs trigger on "${event.queueArn}", which no service defines`,
        );
      }
    }
  }
}
