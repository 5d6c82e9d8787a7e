// What invokes a function, read from the compiled template: WebSocket routes
// (AWS::ApiGatewayV2::Route → Integration → function) and event source mappings
// (AWS::Lambda::EventSourceMapping), with Lambda's defaults for what the template leaves out. The
// event kinds and options with no local emulation are refused from the resolved yml, so the error
// names the line to change.
import { DefinitionError, UnsupportedDefinitionError } from './errors';
import type { StackEvaluator } from './intrinsics';
import type { CloudFormationResource, CloudFormationTemplate, CompiledFunction } from './oslsService';
import type { RouteAuthorizer, SqsEvent, StreamEvent, WebsocketEvent } from './types';

type Path = (string | number)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const SUPPORTED_EVENTS = ['websocket', 'stream', 'sqs'];
const UNSUPPORTED_STREAM_OPTIONS = ['tumblingWindowInSeconds', 'consumer', 'startingPositionTimestamp'];

/** Refuses, with the yml path, an event the local cloud cannot run. */
export function checkEventsSupported(fn: CompiledFunction, file: string): void {
  fn.events.forEach((event, index) => {
    const kind = isRecord(event) ? Object.keys(event)[0] : undefined;
    const at: Path = ['functions', fn.key, 'events', index];
    if (kind === undefined || !SUPPORTED_EVENTS.includes(kind)) {
      throw new UnsupportedDefinitionError(
        'RESOURCE_UNKNOWN',
        file,
        [...at, kind ?? ''],
        `event type "${kind}" has no local emulation (supported: ${SUPPORTED_EVENTS.join(', ')})`,
      );
    }
    const options = isRecord(event) ? event[kind] : undefined;
    if (kind === 'stream' && isRecord(options)) checkStreamOptions(options, file, [...at, kind]);
  });
}

function checkStreamOptions(options: Record<string, unknown>, file: string, path: Path): void {
  if (options['type'] !== undefined && options['type'] !== 'dynamodb') {
    throw new UnsupportedDefinitionError(
      'RESOURCE_UNKNOWN',
      file,
      [...path, 'arn'],
      `only DynamoDB streams are emulated; this is a "${String(options['type'])}" stream`,
    );
  }
  for (const unsupported of UNSUPPORTED_STREAM_OPTIONS) {
    if (options[unsupported] !== undefined) {
      throw new UnsupportedDefinitionError(
        'RESOURCE_UNKNOWN',
        file,
        [...path, unsupported],
        `"${unsupported}" is not emulated locally`,
      );
    }
  }
  const position = options['startingPosition'];
  if (position !== undefined && position !== 'LATEST' && position !== 'TRIM_HORIZON') {
    throw new UnsupportedDefinitionError(
      'RESOURCE_UNKNOWN',
      file,
      [...path, 'startingPosition'],
      `startingPosition "${String(position)}" is not emulated (LATEST, TRIM_HORIZON)`,
    );
  }
}

interface TemplateInput {
  file: string;
  template: CloudFormationTemplate;
  evaluator: StackEvaluator;
}

function resourcesOfType(template: CloudFormationTemplate, type: string) {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** The logical id of the function an `Fn::GetAtt [<Fn>LambdaFunction, Arn]` (or its ARN) names. */
function functionLogicalId(value: unknown, input: TemplateInput, path: Path): string {
  const arn = input.evaluator.evaluateString(value, path);
  const name = /:function:([^:/]+)/.exec(arn)?.[1];
  const found = resourcesOfType(input.template, 'AWS::Lambda::Function').find(
    ([logicalId]) => input.evaluator.ref(logicalId, path) === name,
  );
  if (!found) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      input.file,
      path,
      `"${arn}" is no function of this service`,
    );
  }
  return found[0];
}

/** Function logical id → the routes it serves. */
export function websocketEventsOf(input: TemplateInput): Map<string, WebsocketEvent[]> {
  const events = new Map<string, WebsocketEvent[]>();
  for (const [logicalId, route] of resourcesOfType(input.template, 'AWS::ApiGatewayV2::Route')) {
    const path: Path = ['Resources', logicalId, 'Properties'];
    const properties = route.Properties ?? {};
    const integrationId = input.evaluator.evaluateString(properties['Target'], [...path, 'Target']);
    const integration = input.template.Resources[integrationId.replace(/^integrations\//, '')];
    const uri = integration?.Properties?.['IntegrationUri'];
    const fn = functionLogicalId(uri, input, [...path, 'Target']);
    const expression = properties['RouteResponseSelectionExpression'];
    if (expression !== undefined && expression !== '$default') {
      throw new DefinitionError(
        'DEFINITION_INVALID',
        input.file,
        [...path, 'RouteResponseSelectionExpression'],
        'API Gateway only supports "$default" as routeResponseSelectionExpression',
      );
    }
    const event: WebsocketEvent = {
      kind: 'websocket',
      route: input.evaluator.evaluateString(properties['RouteKey'], [...path, 'RouteKey']),
      routeResponse: expression === '$default',
    };
    const authorizer = routeAuthorizer(properties, input, path);
    if (authorizer !== undefined) event.authorizer = authorizer;
    events.set(fn, [...(events.get(fn) ?? []), event]);
  }
  return events;
}

/** The REQUEST authorizer a route names (`AuthorizationType: CUSTOM` + `AuthorizerId`), if any. */
function routeAuthorizer(
  properties: Record<string, unknown>,
  input: TemplateInput,
  path: Path,
): RouteAuthorizer | undefined {
  const type = properties['AuthorizationType'];
  if (type === undefined || type === 'NONE') return undefined;
  if (type !== 'CUSTOM') {
    throw new UnsupportedDefinitionError(
      'RESOURCE_UNKNOWN',
      input.file,
      [...path, 'AuthorizationType'],
      `authorization "${String(type)}" is not emulated locally (only Lambda REQUEST authorizers)`,
    );
  }
  const reference = properties['AuthorizerId'];
  const logicalId = isRecord(reference) ? reference['Ref'] : undefined;
  const resource = typeof logicalId === 'string' ? input.template.Resources[logicalId] : undefined;
  if (resource?.Type !== 'AWS::ApiGatewayV2::Authorizer' || typeof logicalId !== 'string') {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      input.file,
      [...path, 'AuthorizerId'],
      'a CUSTOM route needs AuthorizerId: { Ref: <an AWS::ApiGatewayV2::Authorizer of this stack> }',
    );
  }
  const at: Path = ['Resources', logicalId, 'Properties'];
  const authorizer = resource.Properties ?? {};
  if (authorizer['AuthorizerType'] !== 'REQUEST') {
    throw new UnsupportedDefinitionError(
      'RESOURCE_UNKNOWN',
      input.file,
      [...at, 'AuthorizerType'],
      'only REQUEST authorizers exist for WebSocket APIs',
    );
  }
  const fn = functionLogicalId(authorizer['AuthorizerUri'], input, [...at, 'AuthorizerUri']);
  const sources = input.evaluator.evaluate(authorizer['IdentitySource'] ?? [], [...at, 'IdentitySource']);
  if (!Array.isArray(sources) || sources.some((source) => typeof source !== 'string')) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      input.file,
      [...at, 'IdentitySource'],
      'must be a list of strings',
    );
  }
  return {
    functionName: input.evaluator.ref(fn, [...at, 'AuthorizerUri']),
    identitySources: sources as string[],
  };
}

/** Function logical id → its stream and SQS triggers (disabled mappings left out). */
export function mappingEventsOf(input: TemplateInput): Map<string, (StreamEvent | SqsEvent)[]> {
  const events = new Map<string, (StreamEvent | SqsEvent)[]>();
  for (const [logicalId, mapping] of resourcesOfType(input.template, 'AWS::Lambda::EventSourceMapping')) {
    const path: Path = ['Resources', logicalId, 'Properties'];
    const properties = mapping.Properties ?? {};
    if (properties['Enabled'] === false) continue;
    const fn = functionLogicalId(properties['FunctionName'], input, [...path, 'FunctionName']);
    const event = mappingEvent(mapping, input, path);
    events.set(fn, [...(events.get(fn) ?? []), event]);
  }
  return events;
}

function mappingEvent(
  mapping: CloudFormationResource,
  input: TemplateInput,
  path: Path,
): StreamEvent | SqsEvent {
  const properties = mapping.Properties ?? {};
  const arn = input.evaluator.evaluateString(properties['EventSourceArn'], [...path, 'EventSourceArn']);
  const read = new MappingProperties(properties, input, path);
  const table = /^arn:aws[a-z-]*:dynamodb:[^:]*:[^:]*:table\/([^/]+)\/stream\/.+$/.exec(arn);
  if (table) return streamEvent(arn, table[1] ?? '', read);
  const queue = /^arn:aws[a-z-]*:sqs:[^:]*:[^:]*:(.+)$/.exec(arn);
  if (queue) return sqsEvent(arn, queue[1] ?? '', read);
  throw new UnsupportedDefinitionError(
    'RESOURCE_UNKNOWN',
    input.file,
    [...path, 'EventSourceArn'],
    `only DynamoDB streams and SQS queues are emulated; "${arn}" is neither`,
  );
}

// Lambda's defaults for an omitted property (CreateEventSourceMapping API reference).
function streamEvent(streamArn: string, tableName: string, read: MappingProperties): StreamEvent {
  const event: StreamEvent = {
    kind: 'stream',
    tableName,
    streamArn,
    batchSize: read.integer('BatchSize', 100),
    startingPosition: read.startingPosition(),
    maximumRetryAttempts: read.integer('MaximumRetryAttempts', -1),
    maximumRecordAgeSeconds: read.integer('MaximumRecordAgeInSeconds', -1),
    bisectBatchOnFunctionError: read.flag('BisectBatchOnFunctionError'),
    parallelizationFactor: read.integer('ParallelizationFactor', 1),
    maximumBatchingWindowSeconds: read.integer('MaximumBatchingWindowInSeconds', 0),
    reportBatchItemFailures: read.reportsItemFailures(),
    filterPatterns: read.filterPatterns(),
  };
  const onFailure = read.onFailureDestination();
  if (onFailure !== undefined) event.onFailureArn = onFailure;
  return event;
}

function sqsEvent(queueArn: string, queueName: string, read: MappingProperties): SqsEvent {
  const event: SqsEvent = {
    kind: 'sqs',
    queueArn,
    queueName,
    batchSize: read.integer('BatchSize', 10),
    maximumBatchingWindowSeconds: read.integer('MaximumBatchingWindowInSeconds', 0),
    reportBatchItemFailures: read.reportsItemFailures(),
    filterPatterns: read.filterPatterns(),
  };
  const maximumConcurrency = read.maximumConcurrency();
  if (maximumConcurrency !== undefined) event.maximumConcurrency = maximumConcurrency;
  return event;
}

/** Typed, evaluated reads of one mapping's properties, each error naming the template path. */
class MappingProperties {
  constructor(
    private readonly properties: Record<string, unknown>,
    private readonly input: TemplateInput,
    private readonly path: Path,
  ) {}

  private value(name: string, at: Path = [name]): unknown {
    let node: unknown = this.properties;
    for (const key of at)
      node =
        isRecord(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[key] : undefined;
    return node === undefined ? undefined : this.input.evaluator.evaluate(node, [...this.path, ...at]);
  }

  private invalid(at: Path, detail: string): DefinitionError {
    return new DefinitionError('DEFINITION_INVALID', this.input.file, [...this.path, ...at], detail);
  }

  integer(name: string, fallback: number, at: Path = [name]): number {
    const raw = this.value(name, at) ?? fallback;
    const number = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof number !== 'number' || !Number.isInteger(number)) {
      throw this.invalid(at, `expected an integer, got ${JSON.stringify(raw)}`);
    }
    return number;
  }

  flag(name: string): boolean {
    const raw = this.value(name);
    return raw === true || raw === 'true';
  }

  startingPosition(): 'LATEST' | 'TRIM_HORIZON' {
    const position = this.value('StartingPosition') ?? 'TRIM_HORIZON';
    if (position !== 'LATEST' && position !== 'TRIM_HORIZON') {
      throw this.invalid(
        ['StartingPosition'],
        `"${String(position)}" is not emulated (LATEST, TRIM_HORIZON)`,
      );
    }
    return position;
  }

  reportsItemFailures(): boolean {
    const types = this.value('FunctionResponseTypes');
    return Array.isArray(types) && types.includes('ReportBatchItemFailures');
  }

  filterPatterns(): unknown[] {
    const filters = this.value('FilterCriteria', ['FilterCriteria', 'Filters']);
    if (filters === undefined) return [];
    if (!Array.isArray(filters)) throw this.invalid(['FilterCriteria', 'Filters'], 'expected a list');
    return filters.map((filter: unknown, index) => {
      const pattern = isRecord(filter) ? filter['Pattern'] : undefined;
      try {
        return typeof pattern === 'string' ? (JSON.parse(pattern) as unknown) : pattern;
      } catch {
        throw this.invalid(['FilterCriteria', 'Filters', index, 'Pattern'], 'a filter pattern must be JSON');
      }
    });
  }

  onFailureDestination(): string | undefined {
    const destination = this.value('DestinationConfig', ['DestinationConfig', 'OnFailure', 'Destination']);
    return destination === undefined ? undefined : String(destination);
  }

  maximumConcurrency(): number | undefined {
    const at = ['ScalingConfig', 'MaximumConcurrency'];
    return this.value('ScalingConfig', at) === undefined ? undefined : this.integer('ScalingConfig', 0, at);
  }
}
