// The one place that reads the deploy definitions: serverless-compose.yml for the services and
// their order (scripts/lib/composeFile.cjs, shared with `npm run package`), then each service
// compiled by osls exactly as compose would run it (outputs of one service become `--param`s of
// the next). The result is everything the local cloud creates and runs; nothing in local/ adds or
// renames a route, trigger, table or queue by hand.
import { relative, resolve } from 'node:path';

import * as composeFile from '../../../scripts/lib/composeFile.cjs';

import { DefinitionError } from './errors';
import { functionsOf } from './functions';
import { createStackEvaluator, type StackEvaluator } from './intrinsics';
import { localizeApiUrls } from './localUrls';
import { OslsCompiler, configurationFile, type CompiledService } from './oslsService';
import { queuesOf, tablesOf } from './stackResources';
import type {
  CloudDefinition,
  FunctionDefinition,
  LocalEndpoints,
  QueueDefinition,
  TableDefinition,
  WebSocketRoute,
} from './types';

export interface LoadCloudDefinitionOptions {
  repoRoot: string;
  stage: string; // 'local'
  region: string; // 'us-east-1'
  accountId: string; // '000000000000'
  endpoints: LocalEndpoints;
  /** Id the local WebSocket API answers to (`Ref: WebsocketsApi`). */
  apiId: string;
  /**
   * Params only the local cloud knows, e.g. its issuer's URLs (the port is chosen at start), handed
   * to every service like compose params (`--param`), so they win over the yml's stage values.
   */
  localParams?: Record<string, string>;
}

/** One service's share of the cloud. */
interface ServiceDefinition {
  file: string;
  tables: TableDefinition[];
  queues: QueueDefinition[];
  functions: FunctionDefinition[];
  routeSelectionExpression?: string;
  outputs: Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function loadCloudDefinition(options: LoadCloudDefinitionOptions): Promise<CloudDefinition> {
  const repoRoot = resolve(options.repoRoot);
  const localize = localizer(options);
  const outputs: Record<string, Record<string, string>> = {};
  const services: ServiceDefinition[] = [];
  const compiler = new OslsCompiler();
  try {
    for (const service of composeServices(repoRoot)) {
      const params = {
        ...localizeParams(composeParams(service, outputs), localize),
        ...options.localParams,
      };
      const serviceDir = resolve(repoRoot, service.path);
      const compiled = await compiler.compile({
        serviceDir,
        file: relative(repoRoot, configurationFile(serviceDir)),
        stage: options.stage,
        region: options.region,
        accountId: options.accountId,
        params,
      });
      const definition = describeService(service.key, serviceDir, compiled, options, localize);
      outputs[service.key] = definition.outputs;
      services.push(definition);
    }
  } finally {
    await compiler.close();
  }
  return assemble(services, outputs, options);
}

function composeServices(repoRoot: string): composeFile.ComposeService[] {
  try {
    return composeFile.composeServices(composeFile.readComposeFile(repoRoot));
  } catch (error) {
    throw asDefinitionError(error);
  }
}

function composeParams(
  service: composeFile.ComposeService,
  outputs: Record<string, Record<string, string>>,
): Record<string, unknown> {
  try {
    return composeFile.resolveServiceParams(service, outputs);
  } catch (error) {
    throw asDefinitionError(error);
  }
}

function asDefinitionError(error: unknown): unknown {
  if (!(error instanceof composeFile.ComposeFileError)) return error;
  const code =
    error.code === 'COMPOSE_OUTPUT_MISSING'
      ? 'VARIABLE_UNRESOLVED'
      : error.code === 'COMPOSE_FILE_MISSING'
        ? 'DEFINITION_FILE_MISSING'
        : 'DEFINITION_INVALID';
  return new DefinitionError(code, error.file, error.path, error.detail);
}

function localizer(options: LoadCloudDefinitionOptions): (value: string) => string {
  const { apiId, region, stage, endpoints } = options;
  return (value) =>
    localizeApiUrls(value, {
      apiId,
      region,
      stage,
      websocketManagement: endpoints.websocketManagement,
      websocketUrl: endpoints.websocketUrl,
    });
}

function localizeParams(
  params: Record<string, unknown>,
  localize: (value: string) => string,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? localize(value) : value]),
  );
}

function describeService(
  service: string,
  serviceDir: string,
  compiled: CompiledService,
  options: LoadCloudDefinitionOptions,
  localize: (value: string) => string,
): ServiceDefinition {
  const { file, template } = compiled;
  checkAttachedApi(compiled, options.apiId);
  const evaluator = createStackEvaluator({
    file,
    stackName: `${compiled.serviceName}-${options.stage}`,
    region: options.region,
    accountId: options.accountId,
    resources: template.Resources,
    websocketApiId: options.apiId,
    sqsEndpoint: options.endpoints.sqs,
  });
  const resources = { file, service, resources: template.Resources, evaluator };
  const definition: ServiceDefinition = {
    file,
    tables: tablesOf(resources),
    queues: queuesOf(resources),
    functions: functionsOf({
      service,
      serviceDir,
      region: options.region,
      compiled,
      evaluator,
      endpoints: options.endpoints,
      localize,
    }),
    outputs: outputsOf(compiled, evaluator, localize),
  };
  const api = Object.values(template.Resources).find(
    (resource) => resource.Type === 'AWS::ApiGatewayV2::Api',
  );
  const expression = api?.Properties?.['RouteSelectionExpression'];
  if (typeof expression === 'string') definition.routeSelectionExpression = expression;
  return definition;
}

/** A service that joins an existing API must join the local one (the owner's WebsocketApiId output). */
function checkAttachedApi(compiled: CompiledService, apiId: string): void {
  const provider = isRecord(compiled.configuration['provider']) ? compiled.configuration['provider'] : {};
  const apiGateway = isRecord(provider['apiGateway']) ? provider['apiGateway'] : {};
  const attachedTo = apiGateway['websocketApiId'];
  if (attachedTo !== undefined && attachedTo !== apiId) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      compiled.file,
      ['provider', 'apiGateway', 'websocketApiId'],
      `attaches to WebSocket API "${String(attachedTo)}", but the local API is "${apiId}" (it must come from the owning service's WebsocketApiId output)`,
    );
  }
}

function outputsOf(
  compiled: CompiledService,
  evaluator: StackEvaluator,
  localize: (value: string) => string,
): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(compiled.template.Outputs ?? {})) {
    outputs[name] = localize(evaluator.evaluateString(output.Value, ['Outputs', name, 'Value']));
  }
  return outputs;
}

function assemble(
  services: ServiceDefinition[],
  outputs: Record<string, Record<string, string>>,
  options: LoadCloudDefinitionOptions,
): CloudDefinition {
  const tables = services.flatMap((service) => service.tables);
  const queues = services.flatMap((service) => service.queues);
  const functions = services.flatMap((service) => service.functions);
  checkTriggerTargets(services, tables, queues);
  const expression = services.find((service) => service.routeSelectionExpression !== undefined);
  return {
    stage: options.stage,
    region: options.region,
    accountId: options.accountId,
    websocket: {
      apiId: options.apiId,
      stage: options.stage,
      routeSelectionExpression: expression?.routeSelectionExpression ?? '$request.body.action',
      routes: routesOf(services),
    },
    tables,
    queues,
    functions,
    outputs,
  };
}

/** Every route of every service on the one local API; a route served twice is an error. */
function routesOf(services: ServiceDefinition[]): Record<string, WebSocketRoute> {
  const routes: Record<string, WebSocketRoute> = {};
  const servedBy: Record<string, string> = {};
  for (const service of services) {
    for (const fn of service.functions) {
      for (const event of fn.events) {
        if (event.kind !== 'websocket') continue;
        const existing = routes[event.route];
        if (existing) {
          throw new DefinitionError(
            'DEFINITION_INVALID',
            service.file,
            ['functions', fn.name, 'events'],
            `route "${event.route}" is already served by ${existing.functionName} (${servedBy[event.route]})`,
          );
        }
        routes[event.route] = {
          functionName: fn.qualifiedName,
          routeResponse: event.routeResponse,
          ...(event.authorizer === undefined ? {} : { authorizer: event.authorizer }),
        };
        servedBy[event.route] = service.file;
      }
    }
  }
  return routes;
}

/** A trigger on a table or queue no service defines would poll nothing locally: say so now. */
function checkTriggerTargets(
  services: ServiceDefinition[],
  tables: TableDefinition[],
  queues: QueueDefinition[],
): void {
  for (const service of services) {
    for (const fn of service.functions) {
      for (const event of fn.events) {
        const missing =
          event.kind === 'stream' &&
          !tables.some((table) => table.name === event.tableName && table.streamArn)
            ? `stream trigger on table "${event.tableName}", which no service defines with a StreamSpecification`
            : event.kind === 'sqs' && !queues.some((queue) => queue.arn === event.queueArn)
              ? `sqs trigger on "${event.queueArn}", which no service defines`
              : undefined;
        if (missing !== undefined) {
          throw new DefinitionError(
            'DEFINITION_INVALID',
            service.file,
            ['functions', fn.name, 'events'],
            missing,
          );
        }
      }
    }
  }
}
