// The functions of one compiled service → FunctionDefinitions: handler source, the environment a
// local "container" gets (the template's, evaluated to local identities, plus what Lambda sets)
// and the events that invoke it, so the gateway and the pollers never read a template themselves.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { DefinitionError } from './errors';
import { checkEventsSupported, mappingEventsOf, websocketEventsOf } from './events';
import type { StackEvaluator } from './intrinsics';
import type { CompiledFunction, CompiledService } from './oslsService';
import type { FunctionDefinition, FunctionEvent, LocalEndpoints } from './types';

type Path = (string | number)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface FunctionsInput {
  service: string; // compose key
  serviceDir: string; // absolute
  region: string;
  compiled: CompiledService;
  evaluator: StackEvaluator;
  endpoints: LocalEndpoints;
  /** Applied to every environment value (maps the API's AWS URLs to the local gateway). */
  localize: (value: string) => string;
}

const HANDLER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

export function functionsOf(input: FunctionsInput): FunctionDefinition[] {
  const { compiled, evaluator } = input;
  for (const fn of compiled.functions) checkEventsSupported(fn, compiled.file);
  const templateInput = { file: compiled.file, template: compiled.template, evaluator };
  const routes = websocketEventsOf(templateInput);
  const mappings = mappingEventsOf(templateInput);
  return compiled.functions.map((fn) => {
    const events: FunctionEvent[] = [
      ...(routes.get(fn.logicalId) ?? []),
      ...(mappings.get(fn.logicalId) ?? []),
    ];
    return functionDefinition(fn, events, input);
  });
}

function functionDefinition(
  fn: CompiledFunction,
  events: FunctionEvent[],
  input: FunctionsInput,
): FunctionDefinition {
  const path: Path = ['Resources', fn.logicalId, 'Properties'];
  const properties = input.compiled.template.Resources[fn.logicalId]?.Properties ?? {};
  const read = (name: string) => input.evaluator.evaluate(properties[name], [...path, name]);
  const qualifiedName = input.evaluator.ref(fn.logicalId, path);
  const handler = handlerOf(read('Handler'), fn, input);
  const memorySize = positiveInteger(read('MemorySize'), input.compiled.file, [...path, 'MemorySize']);
  const variables = isRecord(properties['Environment']) ? properties['Environment']['Variables'] : undefined;
  return {
    service: input.service,
    name: fn.key,
    qualifiedName,
    handlerFile: handler.file,
    handlerExport: handler.exportName,
    environment: {
      ...environmentOf(variables, input, [...path, 'Environment', 'Variables']),
      ...reservedEnvironment(qualifiedName, memorySize, String(read('Runtime')), handler.text, input),
    },
    timeoutSeconds: positiveInteger(read('Timeout'), input.compiled.file, [...path, 'Timeout']),
    memorySize,
    events,
  };
}

function handlerOf(value: unknown, fn: CompiledFunction, input: FunctionsInput) {
  const text = String(value);
  const dot = text.lastIndexOf('.');
  if (dot <= 0) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      input.compiled.file,
      ['functions', fn.key, 'handler'],
      `"${text}" is not "<file>.<export>"`,
    );
  }
  const base = resolve(input.serviceDir, text.slice(0, dot));
  const file = HANDLER_EXTENSIONS.map((ext) => base + ext).find((candidate) => existsSync(candidate));
  return { text, file: file ?? `${base}.ts`, exportName: text.slice(dot + 1) };
}

function environmentOf(value: unknown, input: FunctionsInput, path: Path): Record<string, string> {
  if (!isRecord(value)) return {};
  const env: Record<string, string> = {};
  for (const [name, raw] of Object.entries(value)) {
    env[name] = input.localize(input.evaluator.evaluateString(raw, [...path, name]));
  }
  return env;
}

/** What Lambda sets in every container (docs/aws-behaviours.md#lambda-runtime), plus SDK endpoints. */
function reservedEnvironment(
  name: string,
  memorySize: number,
  runtime: string,
  handler: string,
  input: FunctionsInput,
): Record<string, string> {
  return {
    _HANDLER: handler,
    AWS_REGION: input.region,
    AWS_DEFAULT_REGION: input.region,
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: `AWS_Lambda_${runtime}`,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    TZ: 'UTC',
    // SDK v3 reads AWS_ENDPOINT_URL_<SERVICE ID> (@smithy/core getEndpointUrlConfig).
    AWS_ENDPOINT_URL_DYNAMODB: input.endpoints.dynamodb,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: input.endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: input.endpoints.sqs,
  };
}

function positiveInteger(value: unknown, file: string, path: Path): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number <= 0) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      file,
      path,
      `expected a positive integer, got ${JSON.stringify(value)}`,
    );
  }
  return number;
}
