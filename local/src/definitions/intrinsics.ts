// A CloudFormation intrinsic evaluator for the long-form functions serverless.yml may use (Ref,
// Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split) over one service's stack. Ref/GetAtt answer
// with the *local* identity of a resource (a DynamoDB Local table, a fauxqs queue URL, the local
// WebSocket API id), so a value built in serverless.yml evaluates to what a handler needs locally.
// Resource properties are evaluated lazily: an IAM policy nobody reads locally is never evaluated.
import { DefinitionError, UnsupportedDefinitionError } from './errors';

type Path = (string | number)[];

/** Last segment of the placeholder stream ARN; replaced by DynamoDB Local's real one after provisioning. */
export const LOCAL_STREAM_LABEL = 'chorus-local-stream';

export interface StackContext {
  file: string;
  serviceName: string; // `service:` of the yml, e.g. 'chorus-connections'
  stage: string;
  region: string;
  accountId: string;
  /** `resources.Resources` after variable resolution. */
  resources: Record<string, unknown>;
  /** Function key → deployed name, for the framework's `<Fn>LambdaFunction` / `<Fn>LogGroup` ids. */
  functionNames: Record<string, string>;
  /** The local WebSocket API id when this stack owns the API (framework logical id `WebsocketsApi`). */
  websocketApiId?: string;
  /** Base URL queue URLs are built on (the SQS emulator's endpoint). */
  sqsEndpoint: string;
}

export interface StackEvaluator {
  evaluate(value: unknown, path: Path): unknown;
  evaluateString(value: unknown, path: Path): string;
  /** `Ref` of a logical id, e.g. a table's name. */
  ref(logicalId: string, path: Path): string;
  attribute(logicalId: string, attribute: string, path: Path): string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `sendMessage` → `SendMessage`, `my-fn` → `MyDashfn` (osls naming.getNormalizedResourceName). */
export function normalizedFunctionName(name: string): string {
  const replaced = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return replaced.charAt(0).toUpperCase() + replaced.slice(1);
}

const INTRINSIC_KEY = /^(Ref|Condition|Fn::[A-Za-z0-9]+)$/;

export function createStackEvaluator(context: StackContext): StackEvaluator {
  const { file, region, accountId } = context;
  const stackName = `${context.serviceName}-${context.stage}`;
  const pseudo: Record<string, string> = {
    'AWS::Region': region,
    'AWS::AccountId': accountId,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::Partition': 'aws',
    'AWS::StackName': stackName,
  };
  const functionIds = new Map<string, string>();
  const logGroupIds = new Map<string, string>();
  for (const [key, name] of Object.entries(context.functionNames)) {
    functionIds.set(`${normalizedFunctionName(key)}LambdaFunction`, name);
    logGroupIds.set(`${normalizedFunctionName(key)}LogGroup`, `/aws/lambda/${name}`);
  }

  const invalid = (path: Path, detail: string) =>
    new DefinitionError('INTRINSIC_INVALID', file, path, detail);
  const unknownResource = (logicalId: string, path: Path) =>
    new UnsupportedDefinitionError(
      'RESOURCE_UNKNOWN',
      file,
      path,
      `"${logicalId}" is neither a resource of this stack, a framework resource nor a pseudo parameter`,
    );

  function resource(logicalId: string): { type: string; properties: Record<string, unknown> } | undefined {
    const entry = context.resources[logicalId];
    if (entry === undefined) return undefined;
    if (!isRecord(entry) || typeof entry['Type'] !== 'string') {
      throw invalid(['resources', 'Resources', logicalId], 'a resource needs a string Type');
    }
    const properties = isRecord(entry['Properties']) ? entry['Properties'] : {};
    return { type: entry['Type'], properties };
  }

  function propertyString(
    logicalId: string,
    properties: Record<string, unknown>,
    name: string,
  ): string | undefined {
    const value = properties[name];
    if (value === undefined) return undefined;
    return evaluateString(value, ['resources', 'Resources', logicalId, 'Properties', name]);
  }

  function tableName(logicalId: string, properties: Record<string, unknown>): string {
    return propertyString(logicalId, properties, 'TableName') ?? `${stackName}-${logicalId}`;
  }

  function queueName(logicalId: string, properties: Record<string, unknown>): string {
    const name = propertyString(logicalId, properties, 'QueueName');
    if (name !== undefined) return name;
    const fifo = properties['FifoQueue'] === true || properties['FifoQueue'] === 'true';
    return `${stackName}-${logicalId}${fifo ? '.fifo' : ''}`;
  }

  function ref(logicalId: string, path: Path): string {
    const pseudoValue = pseudo[logicalId];
    if (pseudoValue !== undefined) return pseudoValue;
    if (logicalId.startsWith('AWS::')) {
      throw new UnsupportedDefinitionError(
        'INTRINSIC_UNSUPPORTED',
        file,
        path,
        `pseudo parameter "${logicalId}" is not supported locally (supported: ${Object.keys(pseudo).join(', ')})`,
      );
    }
    const found = resource(logicalId);
    if (found) {
      switch (found.type) {
        case 'AWS::DynamoDB::Table':
          return tableName(logicalId, found.properties);
        case 'AWS::SQS::Queue':
          return `${context.sqsEndpoint.replace(/\/+$/, '')}/${accountId}/${queueName(logicalId, found.properties)}`;
        case 'AWS::IAM::Role':
        case 'AWS::IAM::Policy':
        case 'AWS::IAM::ManagedPolicy':
          return `${stackName}-${logicalId}`;
        case 'AWS::Logs::LogGroup':
          return propertyString(logicalId, found.properties, 'LogGroupName') ?? `${stackName}-${logicalId}`;
        default:
          throw unsupportedType(logicalId, found.type, 'Ref', path);
      }
    }
    if (logicalId === 'WebsocketsApi' && context.websocketApiId !== undefined) return context.websocketApiId;
    if (logicalId === 'WebsocketsDeploymentStage' && context.websocketApiId !== undefined)
      return context.stage;
    if (logicalId === 'IamRoleLambdaExecution') return `${stackName}-${region}-lambdaRole`;
    const functionName = functionIds.get(logicalId);
    if (functionName !== undefined) return functionName;
    const logGroup = logGroupIds.get(logicalId);
    if (logGroup !== undefined) return logGroup;
    throw unknownResource(logicalId, path);
  }

  function attribute(logicalId: string, name: string, path: Path): string {
    const found = resource(logicalId);
    if (found) {
      switch (found.type) {
        case 'AWS::DynamoDB::Table': {
          const table = tableName(logicalId, found.properties);
          const arn = `arn:aws:dynamodb:${region}:${accountId}:table/${table}`;
          if (name === 'Arn') return arn;
          if (name === 'StreamArn') {
            if (found.properties['StreamSpecification'] === undefined) {
              throw invalid(path, `"${logicalId}.StreamArn" needs a StreamSpecification on the table`);
            }
            return `${arn}/stream/${LOCAL_STREAM_LABEL}`;
          }
          break;
        }
        case 'AWS::SQS::Queue': {
          const queue = queueName(logicalId, found.properties);
          if (name === 'Arn') return `arn:aws:sqs:${region}:${accountId}:${queue}`;
          if (name === 'QueueName') return queue;
          if (name === 'QueueUrl') return ref(logicalId, path);
          break;
        }
        case 'AWS::IAM::Role':
          if (name === 'Arn') return `arn:aws:iam::${accountId}:role/${ref(logicalId, path)}`;
          if (name === 'RoleId') return `AROALOCAL${logicalId.toUpperCase()}`;
          break;
        case 'AWS::Logs::LogGroup':
          if (name === 'Arn')
            return `arn:aws:logs:${region}:${accountId}:log-group:${ref(logicalId, path)}:*`;
          break;
        default:
          throw unsupportedType(logicalId, found.type, `Fn::GetAtt ${name}`, path);
      }
      throw invalid(path, `${found.type} "${logicalId}" has no attribute "${name}" locally`);
    }
    if (logicalId === 'WebsocketsApi' && context.websocketApiId !== undefined) {
      if (name === 'ApiId') return context.websocketApiId;
      if (name === 'ApiEndpoint')
        return `wss://${context.websocketApiId}.execute-api.${region}.amazonaws.com`;
      throw invalid(path, `WebsocketsApi has no attribute "${name}" locally (ApiId, ApiEndpoint)`);
    }
    if (logicalId === 'IamRoleLambdaExecution' && name === 'Arn') {
      return `arn:aws:iam::${accountId}:role/${ref(logicalId, path)}`;
    }
    const functionName = functionIds.get(logicalId);
    if (functionName !== undefined && name === 'Arn') {
      return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
    }
    const logGroup = logGroupIds.get(logicalId);
    if (logGroup !== undefined && name === 'Arn')
      return `arn:aws:logs:${region}:${accountId}:log-group:${logGroup}:*`;
    if (functionName !== undefined || logGroup !== undefined) {
      throw invalid(path, `"${logicalId}" has no attribute "${name}" locally`);
    }
    throw unknownResource(logicalId, path);
  }

  function unsupportedType(logicalId: string, type: string, what: string, path: Path) {
    return new UnsupportedDefinitionError(
      'RESOURCE_UNKNOWN',
      file,
      path,
      `${what} of "${logicalId}" (${type}) has no local equivalent (supported: AWS::DynamoDB::Table, AWS::SQS::Queue, AWS::IAM::*, AWS::Logs::LogGroup)`,
    );
  }

  function scalar(value: unknown, path: Path, what: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    throw invalid(path, `${what} must be a string, got ${JSON.stringify(value)}`);
  }

  function list(value: unknown, path: Path, what: string): unknown[] {
    const evaluated = evaluate(value, path);
    if (!Array.isArray(evaluated))
      throw invalid(path, `${what} must be a list, got ${JSON.stringify(value)}`);
    return evaluated;
  }

  function sub(args: unknown, path: Path): string {
    let template: unknown = args;
    let variables: Record<string, unknown> = {};
    if (Array.isArray(args)) {
      if (args.length !== 2 || !isRecord(args[1])) {
        throw invalid(path, 'Fn::Sub takes a string or [string, { name: value }]');
      }
      template = args[0];
      variables = args[1];
    }
    if (typeof template !== 'string') throw invalid(path, 'the Fn::Sub template must be a string');
    return template.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      const key = name.trim();
      if (Object.prototype.hasOwnProperty.call(variables, key)) {
        return scalar(
          evaluate(variables[key], [...path, 1, key]),
          [...path, 1, key],
          `Fn::Sub variable "${key}"`,
        );
      }
      const dot = key.indexOf('.');
      if (dot > 0 && !key.startsWith('AWS::')) return attribute(key.slice(0, dot), key.slice(dot + 1), path);
      return ref(key, path);
    });
  }

  function intrinsic(name: string, args: unknown, path: Path): unknown {
    const at = [...path, name];
    switch (name) {
      case 'Ref':
        if (typeof args !== 'string') throw invalid(at, 'Ref takes a logical id string');
        return ref(args, at);
      case 'Fn::GetAtt': {
        const parts = typeof args === 'string' ? splitOnce(args) : args;
        if (!Array.isArray(parts) || parts.length !== 2) {
          throw invalid(at, 'Fn::GetAtt takes [LogicalId, Attribute] or "LogicalId.Attribute"');
        }
        const attributeName = evaluate(parts[1], [...at, 1]);
        if (typeof parts[0] !== 'string' || typeof attributeName !== 'string') {
          throw invalid(at, 'Fn::GetAtt takes [LogicalId, Attribute] strings');
        }
        return attribute(parts[0], attributeName, at);
      }
      case 'Fn::Sub':
        return sub(args, at);
      case 'Fn::Join': {
        if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string') {
          throw invalid(at, 'Fn::Join takes [delimiter, [values]]');
        }
        const items = list(args[1], [...at, 1], 'the Fn::Join values');
        return items.map((item, index) => scalar(item, [...at, 1, index], 'a Fn::Join value')).join(args[0]);
      }
      case 'Fn::Select': {
        if (!Array.isArray(args) || args.length !== 2)
          throw invalid(at, 'Fn::Select takes [index, [values]]');
        const index = Number(evaluate(args[0], [...at, 0]));
        const items = list(args[1], [...at, 1], 'the Fn::Select values');
        if (!Number.isInteger(index) || index < 0 || index >= items.length) {
          throw invalid(at, `Fn::Select index ${String(args[0])} is out of range for ${items.length} values`);
        }
        return items[index];
      }
      case 'Fn::Split': {
        if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string') {
          throw invalid(at, 'Fn::Split takes [delimiter, string]');
        }
        const source = scalar(evaluate(args[1], [...at, 1]), [...at, 1], 'the Fn::Split source');
        return source.split(args[0]);
      }
      default:
        throw new UnsupportedDefinitionError(
          'INTRINSIC_UNSUPPORTED',
          file,
          at,
          `intrinsic "${name}" is not supported locally (supported: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split)`,
        );
    }
  }

  function evaluate(value: unknown, path: Path): unknown {
    if (Array.isArray(value)) return value.map((item, index) => evaluate(item, [...path, index]));
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    const first = keys[0];
    if (keys.length === 1 && first !== undefined && INTRINSIC_KEY.test(first)) {
      return intrinsic(first, value[first], path);
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = evaluate(value[key], [...path, key]);
    return out;
  }

  function evaluateString(value: unknown, path: Path): string {
    return scalar(evaluate(value, path), path, 'this value');
  }

  return { evaluate, evaluateString, ref, attribute };
}

function splitOnce(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}
