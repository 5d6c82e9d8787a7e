// Evaluates the CloudFormation intrinsics left in a template osls compiled (Ref, Fn::GetAtt,
// Fn::Sub, Fn::Join, Fn::Select, Fn::Split) to *local* identities: a table's DynamoDB Local name,
// a queue's URL on the SQS emulator, the local WebSocket API id. So a value built in serverless.yml
// evaluates to what a handler needs locally. Evaluation is lazy: an IAM policy nobody reads locally
// is never evaluated.
import { DefinitionError, UnsupportedDefinitionError } from './errors';
import type { CloudFormationResource } from './oslsService';

type Path = (string | number)[];

/** Last segment of the placeholder stream ARN; replaced by DynamoDB Local's real one after provisioning. */
export const LOCAL_STREAM_LABEL = 'chorus-local-stream';

export interface StackContext {
  file: string;
  stackName: string; // '<service>-<stage>', e.g. 'chorus-connections-local'
  region: string;
  accountId: string;
  /** The compiled template's `Resources`. */
  resources: Record<string, CloudFormationResource>;
  /** The id the local WebSocket API answers to (`Ref` of an `AWS::ApiGatewayV2::Api`). */
  websocketApiId: string;
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

/** One resource as the identity rules see it: its id, its properties, the stack around it. */
interface Subject {
  logicalId: string;
  properties: Record<string, unknown>;
  path: Path; // of the resource
  at: Path; // of the Ref/GetAtt being answered
}

/** How a resource type answers `Ref` and `Fn::GetAtt` locally. */
interface Identity {
  ref(subject: Subject): string;
  attributes: Record<string, (subject: Subject) => string>;
}

const INTRINSIC_KEY = /^(Ref|Condition|Fn::[A-Za-z0-9]+)$/;

export function createStackEvaluator(context: StackContext): StackEvaluator {
  const invalid = (path: Path, detail: string) =>
    new DefinitionError('INTRINSIC_INVALID', context.file, path, detail);
  const pseudo = pseudoParameters(context);
  let identities: Record<string, Identity> = {};

  function ref(logicalId: string, path: Path): string {
    const pseudoValue = pseudo[logicalId];
    if (pseudoValue !== undefined) return pseudoValue;
    if (logicalId.startsWith('AWS::')) {
      throw new UnsupportedDefinitionError(
        'INTRINSIC_UNSUPPORTED',
        context.file,
        path,
        `pseudo parameter "${logicalId}" is not supported locally (supported: ${Object.keys(pseudo).join(', ')})`,
      );
    }
    const { identity, subject } = resolveResource(logicalId, 'Ref', path);
    return identity.ref(subject);
  }

  function attribute(logicalId: string, name: string, path: Path): string {
    const { identity, subject, type } = resolveResource(logicalId, `Fn::GetAtt ${name}`, path);
    const read = identity.attributes[name];
    if (!read) {
      const known = Object.keys(identity.attributes).join(', ') || 'none';
      throw invalid(path, `${type} "${logicalId}" has no attribute "${name}" locally (${known})`);
    }
    return read(subject);
  }

  function resolveResource(logicalId: string, what: string, path: Path) {
    const entry = context.resources[logicalId];
    if (entry === undefined) {
      throw new UnsupportedDefinitionError(
        'RESOURCE_UNKNOWN',
        context.file,
        path,
        `"${logicalId}" is neither a resource of this stack nor a pseudo parameter`,
      );
    }
    const identity = identities[entry.Type];
    if (!identity) {
      throw new UnsupportedDefinitionError(
        'RESOURCE_UNKNOWN',
        context.file,
        path,
        `${what} of "${logicalId}" (${entry.Type}) has no local equivalent (supported: ${Object.keys(identities).join(', ')})`,
      );
    }
    const subject = {
      logicalId,
      properties: entry.Properties ?? {},
      path: ['Resources', logicalId],
      at: path,
    };
    return { identity, subject, type: entry.Type };
  }

  function evaluate(value: unknown, path: Path): unknown {
    if (Array.isArray(value)) return value.map((item, index) => evaluate(item, [...path, index]));
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    const first = keys[0];
    if (keys.length === 1 && first !== undefined && INTRINSIC_KEY.test(first)) {
      return intrinsics(first, value[first], [...path, first]);
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) out[key] = evaluate(value[key], [...path, key]);
    return out;
  }

  function evaluateString(value: unknown, path: Path): string {
    return scalar(evaluate(value, path), path, 'this value', invalid);
  }

  const evaluator: StackEvaluator = { evaluate, evaluateString, ref, attribute };
  const intrinsics = intrinsicFunctions(evaluator, context.file, invalid);
  identities = resourceIdentities(context, evaluator);
  return evaluator;
}

function pseudoParameters(context: StackContext): Record<string, string> {
  return {
    'AWS::Region': context.region,
    'AWS::AccountId': context.accountId,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::Partition': 'aws',
    'AWS::StackName': context.stackName,
  };
}

/** Ref/GetAtt answers per resource type: the names the yml gives, else what CloudFormation would make up. */
function resourceIdentities(context: StackContext, evaluator: StackEvaluator): Record<string, Identity> {
  const { region, accountId, stackName } = context;
  const named = (property: string, fallback: (s: Subject) => string) => (subject: Subject) => {
    const value = subject.properties[property];
    if (value === undefined) return fallback(subject);
    return evaluator.evaluateString(value, [...subject.path, 'Properties', property]);
  };
  const physicalId = (subject: Subject) => `${stackName}-${subject.logicalId}`;
  const tableName = named('TableName', physicalId);
  const queueName = named('QueueName', (subject) => {
    const fifo = subject.properties['FifoQueue'] === true || subject.properties['FifoQueue'] === 'true';
    return `${physicalId(subject)}${fifo ? '.fifo' : ''}`;
  });
  const queueUrl = (s: Subject) => `${context.sqsEndpoint.replace(/\/+$/, '')}/${accountId}/${queueName(s)}`;
  const tableArn = (s: Subject) => `arn:aws:dynamodb:${region}:${accountId}:table/${tableName(s)}`;
  const roleName = named('RoleName', physicalId);
  const roleArn = (s: Subject) => `arn:aws:iam::${accountId}:role/${roleName(s)}`;
  const logGroupName = named('LogGroupName', physicalId);
  const functionName = named('FunctionName', physicalId);
  const apiId = () => context.websocketApiId;
  return {
    'AWS::DynamoDB::Table': {
      ref: tableName,
      attributes: {
        Arn: tableArn,
        StreamArn: (s) => {
          if (s.properties['StreamSpecification'] === undefined) {
            throw new DefinitionError(
              'INTRINSIC_INVALID',
              context.file,
              s.at,
              `"${s.logicalId}.StreamArn" needs a StreamSpecification on the table`,
            );
          }
          return `${tableArn(s)}/stream/${LOCAL_STREAM_LABEL}`;
        },
      },
    },
    'AWS::SQS::Queue': {
      ref: queueUrl,
      attributes: {
        Arn: (s) => `arn:aws:sqs:${region}:${accountId}:${queueName(s)}`,
        QueueName: queueName,
        QueueUrl: queueUrl,
      },
    },
    'AWS::IAM::Role': {
      ref: roleName,
      attributes: { Arn: roleArn, RoleId: (s) => `AROALOCAL${s.logicalId.toUpperCase()}` },
    },
    'AWS::IAM::Policy': { ref: physicalId, attributes: {} },
    'AWS::IAM::ManagedPolicy': { ref: physicalId, attributes: {} },
    'AWS::Logs::LogGroup': {
      ref: logGroupName,
      attributes: { Arn: (s) => `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName(s)}:*` },
    },
    'AWS::Lambda::Function': {
      ref: functionName,
      attributes: { Arn: (s) => `arn:aws:lambda:${region}:${accountId}:function:${functionName(s)}` },
    },
    'AWS::S3::Bucket': {
      ref: named('BucketName', (s) => physicalId(s).toLowerCase()),
      attributes: {},
    },
    'AWS::ApiGatewayV2::Api': {
      ref: apiId,
      attributes: {
        ApiId: apiId,
        ApiEndpoint: () => `wss://${context.websocketApiId}.execute-api.${region}.amazonaws.com`,
      },
    },
    'AWS::ApiGatewayV2::Stage': { ref: named('StageName', physicalId), attributes: {} },
    // Integrations and routes have no name: their logical id is their local id.
    'AWS::ApiGatewayV2::Integration': { ref: (s) => s.logicalId, attributes: {} },
    'AWS::ApiGatewayV2::Route': { ref: (s) => s.logicalId, attributes: {} },
  };
}

type Invalid = (path: Path, detail: string) => DefinitionError;

function scalar(value: unknown, path: Path, what: string, invalid: Invalid): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid(path, `${what} must be a string, got ${JSON.stringify(value)}`);
}

/** The intrinsic functions, each its own small evaluator; `path` ends with the function's name. */
function intrinsicFunctions(
  evaluator: StackEvaluator,
  file: string,
  invalid: Invalid,
): (name: string, args: unknown, path: Path) => unknown {
  const { evaluate } = evaluator;
  const list = (value: unknown, path: Path, what: string): unknown[] => {
    const evaluated = evaluate(value, path);
    if (!Array.isArray(evaluated))
      throw invalid(path, `${what} must be a list, got ${JSON.stringify(value)}`);
    return evaluated;
  };
  const functions: Record<string, (args: unknown, path: Path) => unknown> = {
    Ref: (args, path) => {
      if (typeof args !== 'string') throw invalid(path, 'Ref takes a logical id string');
      return evaluator.ref(args, path);
    },
    'Fn::GetAtt': (args, path) => {
      const parts = typeof args === 'string' ? splitOnce(args) : args;
      if (!Array.isArray(parts) || parts.length !== 2) {
        throw invalid(path, 'Fn::GetAtt takes [LogicalId, Attribute] or "LogicalId.Attribute"');
      }
      const attributeName = evaluate(parts[1], [...path, 1]);
      if (typeof parts[0] !== 'string' || typeof attributeName !== 'string') {
        throw invalid(path, 'Fn::GetAtt takes [LogicalId, Attribute] strings');
      }
      return evaluator.attribute(parts[0], attributeName, path);
    },
    'Fn::Sub': (args, path) => substitute(args, path, evaluator, invalid),
    'Fn::Join': (args, path) => {
      if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string') {
        throw invalid(path, 'Fn::Join takes [delimiter, [values]]');
      }
      const items = list(args[1], [...path, 1], 'the Fn::Join values');
      return items.map((item, i) => scalar(item, [...path, 1, i], 'a Fn::Join value', invalid)).join(args[0]);
    },
    'Fn::Select': (args, path) => {
      if (!Array.isArray(args) || args.length !== 2)
        throw invalid(path, 'Fn::Select takes [index, [values]]');
      const index = Number(evaluate(args[0], [...path, 0]));
      const items = list(args[1], [...path, 1], 'the Fn::Select values');
      if (!Number.isInteger(index) || index < 0 || index >= items.length) {
        throw invalid(path, `Fn::Select index ${String(args[0])} is out of range for ${items.length} values`);
      }
      return items[index];
    },
    'Fn::Split': (args, path) => {
      if (!Array.isArray(args) || args.length !== 2 || typeof args[0] !== 'string') {
        throw invalid(path, 'Fn::Split takes [delimiter, string]');
      }
      return scalar(evaluate(args[1], [...path, 1]), [...path, 1], 'the Fn::Split source', invalid).split(
        args[0],
      );
    },
  };
  return (name, args, path) => {
    const run = functions[name];
    if (!run) {
      throw new UnsupportedDefinitionError(
        'INTRINSIC_UNSUPPORTED',
        file,
        path,
        `intrinsic "${name}" is not supported locally (supported: ${Object.keys(functions).join(', ')})`,
      );
    }
    return run(args, path);
  };
}

/** Fn::Sub: `${Name}` is a variable, a Ref, or (with a dot) a GetAtt; `${!x}` is a literal `${x}`. */
function substitute(args: unknown, path: Path, evaluator: StackEvaluator, invalid: Invalid): string {
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
      const at = [...path, 1, key];
      return scalar(evaluator.evaluate(variables[key], at), at, `Fn::Sub variable "${key}"`, invalid);
    }
    const dot = key.indexOf('.');
    if (dot > 0 && !key.startsWith('AWS::')) {
      return evaluator.attribute(key.slice(0, dot), key.slice(dot + 1), path);
    }
    return evaluator.ref(key, path);
  });
}

function splitOnce(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}
