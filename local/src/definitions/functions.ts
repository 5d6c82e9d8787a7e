// `functions:` of one service → FunctionDefinitions: handler source, the environment a local
// "container" gets, and the events (websocket routes, stream and SQS triggers) with the framework's
// and Lambda's defaults filled in, so the gateway and the pollers never read YAML themselves.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { DefinitionError, UnsupportedDefinitionError } from './errors';
import type { StackEvaluator } from './intrinsics';
import type { FunctionDefinition, FunctionEvent, LocalEndpoints } from './types';

type Path = (string | number)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface FunctionsInput {
  file: string;
  service: string; // compose key
  serviceDir: string; // absolute
  stage: string;
  region: string;
  /** The resolved serverless.yml. */
  document: Record<string, unknown>;
  evaluator: StackEvaluator;
  endpoints: LocalEndpoints;
  /** Applied to every environment value (maps the API's AWS URLs to the local gateway). */
  localize: (value: string) => string;
}

/** Function key → deployed name (`name:` or `${service}-${stage}-${key}`, as osls names them). */
export function functionNamesOf(document: Record<string, unknown>, stage: string): Record<string, string> {
  const functions = isRecord(document['functions']) ? document['functions'] : {};
  const names: Record<string, string> = {};
  for (const [key, fn] of Object.entries(functions)) {
    const explicit = isRecord(fn) && typeof fn['name'] === 'string' ? fn['name'] : undefined;
    names[key] = explicit ?? `${String(document['service'])}-${stage}-${key}`;
  }
  return names;
}

const HANDLER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

export function functionsOf(input: FunctionsInput): FunctionDefinition[] {
  const { document, file } = input;
  const provider = isRecord(document['provider']) ? document['provider'] : {};
  const functions = isRecord(document['functions']) ? document['functions'] : {};
  const names = functionNamesOf(document, input.stage);
  const definitions: FunctionDefinition[] = [];
  for (const [key, fn] of Object.entries(functions)) {
    const path: Path = ['functions', key];
    if (!isRecord(fn) || typeof fn['handler'] !== 'string') {
      throw new DefinitionError(
        'DEFINITION_INVALID',
        file,
        [...path, 'handler'],
        'every function needs a handler',
      );
    }
    const handler = fn['handler'];
    const dot = handler.lastIndexOf('.');
    if (dot <= 0) {
      throw new DefinitionError(
        'DEFINITION_INVALID',
        file,
        [...path, 'handler'],
        `"${handler}" is not "<file>.<export>"`,
      );
    }
    const base = resolve(input.serviceDir, handler.slice(0, dot));
    const handlerFile = HANDLER_EXTENSIONS.map((ext) => base + ext).find((candidate) =>
      existsSync(candidate),
    );
    const qualifiedName = names[key] ?? key;
    const memorySize = positiveInteger(fn['memorySize'] ?? provider['memorySize'] ?? 1024, file, [
      ...path,
      'memorySize',
    ]);
    const runtime = String(fn['runtime'] ?? provider['runtime'] ?? 'nodejs24.x');
    const own = {
      ...environmentOf(provider['environment'], input, ['provider', 'environment']),
      ...environmentOf(fn['environment'], input, [...path, 'environment']),
    };
    definitions.push({
      service: input.service,
      name: key,
      qualifiedName,
      handlerFile: handlerFile ?? `${base}.ts`,
      handlerExport: handler.slice(dot + 1),
      environment: {
        ...own,
        ...reservedEnvironment(qualifiedName, memorySize, runtime, handler, input),
      },
      timeoutSeconds: positiveInteger(fn['timeout'] ?? provider['timeout'] ?? 6, file, [...path, 'timeout']),
      memorySize,
      events: eventsOf(fn['events'], input, [...path, 'events']),
    });
  }
  return definitions;
}

function environmentOf(value: unknown, input: FunctionsInput, path: Path): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value))
    throw new DefinitionError('DEFINITION_INVALID', input.file, path, 'environment must be a map');
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

function eventsOf(value: unknown, input: FunctionsInput, path: Path): FunctionEvent[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new DefinitionError('DEFINITION_INVALID', input.file, path, 'events must be a list');
  const events: FunctionEvent[] = [];
  value.forEach((event: unknown, index) => {
    const at: Path = [...path, index];
    const keys = isRecord(event) ? Object.keys(event) : [];
    const kind = keys[0];
    if (!isRecord(event) || keys.length !== 1 || kind === undefined) {
      throw new DefinitionError(
        'DEFINITION_INVALID',
        input.file,
        at,
        'an event is a map with one key (websocket, stream, sqs)',
      );
    }
    const body = event[kind];
    if (kind === 'websocket') events.push(websocketEvent(body, input, [...at, kind]));
    else if (kind === 'stream') {
      const stream = streamEvent(body, input, [...at, kind]);
      if (stream) events.push(stream);
    } else if (kind === 'sqs') {
      const sqs = sqsEvent(body, input, [...at, kind]);
      if (sqs) events.push(sqs);
    } else {
      throw new UnsupportedDefinitionError(
        'RESOURCE_UNKNOWN',
        input.file,
        [...at, kind],
        `event type "${kind}" has no local emulation (supported: websocket, stream, sqs)`,
      );
    }
  });
  return events;
}

function websocketEvent(body: unknown, input: FunctionsInput, path: Path): FunctionEvent {
  if (typeof body === 'string') return { kind: 'websocket', route: body, routeResponse: false };
  if (!isRecord(body) || typeof body['route'] !== 'string') {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      input.file,
      [...path, 'route'],
      'a websocket event needs a route',
    );
  }
  const expression = body['routeResponseSelectionExpression'];
  if (expression !== undefined && expression !== '$default') {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      input.file,
      [...path, 'routeResponseSelectionExpression'],
      'API Gateway only supports "$default" here',
    );
  }
  return { kind: 'websocket', route: body['route'], routeResponse: expression === '$default' };
}

/**
 * The options of an event-source mapping (a bare ARN string or an object with `arn`) and its
 * resolved ARN; undefined when the mapping is `enabled: false`.
 */
function mappingOptions(
  body: unknown,
  input: FunctionsInput,
  path: Path,
  kind: string,
): { options: Record<string, unknown>; arn: string } | undefined {
  const options = typeof body === 'string' ? { arn: body } : body;
  if (!isRecord(options) || options['arn'] === undefined) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      input.file,
      [...path, 'arn'],
      `${kind} event needs an arn`,
    );
  }
  if (options['enabled'] === false) return undefined;
  return { options, arn: input.evaluator.evaluateString(options['arn'], [...path, 'arn']) };
}

function streamEvent(body: unknown, input: FunctionsInput, path: Path): FunctionEvent | undefined {
  const mapping = mappingOptions(body, input, path, 'a stream');
  if (mapping === undefined) return undefined;
  const { options, arn: streamArn } = mapping;
  const table = /^arn:aws[a-z-]*:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\/.+$/.exec(streamArn);
  if ((options['type'] !== undefined && options['type'] !== 'dynamodb') || !table) {
    throw new UnsupportedDefinitionError(
      'RESOURCE_UNKNOWN',
      input.file,
      [...path, 'arn'],
      `only DynamoDB streams are emulated; "${streamArn}" is not a DynamoDB stream ARN`,
    );
  }
  for (const unsupported of ['tumblingWindowInSeconds', 'consumer', 'startingPositionTimestamp']) {
    if (options[unsupported] !== undefined) {
      throw new UnsupportedDefinitionError(
        'RESOURCE_UNKNOWN',
        input.file,
        [...path, unsupported],
        `"${unsupported}" is not emulated locally`,
      );
    }
  }
  const startingPosition = options['startingPosition'] ?? 'TRIM_HORIZON'; // osls default
  if (startingPosition !== 'LATEST' && startingPosition !== 'TRIM_HORIZON') {
    throw new UnsupportedDefinitionError(
      'RESOURCE_UNKNOWN',
      input.file,
      [...path, 'startingPosition'],
      `startingPosition "${String(startingPosition)}" is not emulated (LATEST, TRIM_HORIZON)`,
    );
  }
  const event: FunctionEvent = {
    kind: 'stream',
    tableName: table[1] ?? '',
    streamArn,
    batchSize: integer(options['batchSize'] ?? 10, input, [...path, 'batchSize']), // osls sets 10 when omitted
    startingPosition,
    maximumRetryAttempts: integer(options['maximumRetryAttempts'] ?? -1, input, [
      ...path,
      'maximumRetryAttempts',
    ]),
    maximumRecordAgeSeconds: integer(options['maximumRecordAgeInSeconds'] ?? -1, input, [
      ...path,
      'maximumRecordAgeInSeconds',
    ]),
    bisectBatchOnFunctionError: options['bisectBatchOnFunctionError'] === true,
    parallelizationFactor: integer(options['parallelizationFactor'] ?? 1, input, [
      ...path,
      'parallelizationFactor',
    ]),
    maximumBatchingWindowSeconds: integer(options['batchWindow'] ?? 0, input, [...path, 'batchWindow']),
    reportBatchItemFailures: options['functionResponseType'] === 'ReportBatchItemFailures',
    filterPatterns: filterPatterns(options['filterPatterns'], input, [...path, 'filterPatterns']),
  };
  const destinations = options['destinations'];
  if (isRecord(destinations) && destinations['onFailure'] !== undefined) {
    const onFailure = destinations['onFailure'];
    const arnPath: Path = [...path, 'destinations', 'onFailure'];
    event.onFailureArn = isRecord(onFailure)
      ? input.evaluator.evaluateString(onFailure['arn'], [...arnPath, 'arn'])
      : input.evaluator.evaluateString(onFailure, arnPath);
  }
  return event;
}

function sqsEvent(body: unknown, input: FunctionsInput, path: Path): FunctionEvent | undefined {
  const mapping = mappingOptions(body, input, path, 'an sqs');
  if (mapping === undefined) return undefined;
  const { options, arn: queueArn } = mapping;
  const queue = /^arn:aws[a-z-]*:sqs:[^:]*:[^:]*:(.+)$/.exec(queueArn);
  if (!queue) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      input.file,
      [...path, 'arn'],
      `"${queueArn}" is not an SQS queue ARN`,
    );
  }
  const event: FunctionEvent = {
    kind: 'sqs',
    queueArn,
    queueName: queue[1] ?? '',
    batchSize: integer(options['batchSize'] ?? 10, input, [...path, 'batchSize']),
    maximumBatchingWindowSeconds: integer(options['maximumBatchingWindow'] ?? 0, input, [
      ...path,
      'maximumBatchingWindow',
    ]),
    reportBatchItemFailures: options['functionResponseType'] === 'ReportBatchItemFailures',
    filterPatterns: filterPatterns(options['filterPatterns'], input, [...path, 'filterPatterns']),
  };
  if (options['maximumConcurrency'] !== undefined) {
    event.maximumConcurrency = integer(options['maximumConcurrency'], input, [...path, 'maximumConcurrency']);
  }
  return event;
}

function filterPatterns(value: unknown, input: FunctionsInput, path: Path): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new DefinitionError('DEFINITION_INVALID', input.file, path, 'filterPatterns must be a list');
  return value.map((pattern: unknown, index) => {
    if (typeof pattern === 'string') {
      try {
        return JSON.parse(pattern) as unknown;
      } catch {
        throw new DefinitionError(
          'DEFINITION_INVALID',
          input.file,
          [...path, index],
          'a filter pattern given as text must be JSON',
        );
      }
    }
    return pattern;
  });
}

function integer(value: unknown, input: FunctionsInput, path: Path): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      input.file,
      path,
      `expected an integer, got ${JSON.stringify(value)}`,
    );
  }
  return number;
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
