// Walking IAM policy statements in a template: per role (what a function may do) and everywhere.
import { props, referencedLogicalId, type Resource, type Template } from './templates';

export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

export interface LocatedStatement {
  /** Where the statement lives, for failure messages: `<logicalId>/<policy name>`. */
  where: string;
  statement: Statement;
}

function statementsOf(document: unknown): Statement[] {
  const statement = (document as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  if (statement === undefined) return [];
  return Array.isArray(statement) ? statement : [statement];
}

export function actionsOf(statement: Statement): string[] {
  const action = statement.Action;
  if (action === undefined) return [];
  return Array.isArray(action) ? action : [action];
}

export function resourcesOf(statement: Statement): unknown[] {
  const resource = statement.Resource;
  if (resource === undefined) return [];
  return Array.isArray(resource) ? resource : [resource];
}

/** Every policy statement in the template: role inline policies, IAM policies and resource policies. */
export function allPolicyStatements(template: Template): LocatedStatement[] {
  const located: LocatedStatement[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const p = props(resource);
    if (resource.Type === 'AWS::IAM::Role') {
      for (const policy of (p['Policies'] ?? []) as Array<{ PolicyName: unknown; PolicyDocument: unknown }>) {
        for (const statement of statementsOf(policy.PolicyDocument)) {
          located.push({ where: `${id}/${JSON.stringify(policy.PolicyName)}`, statement });
        }
      }
    } else if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      for (const statement of statementsOf(p['PolicyDocument'])) located.push({ where: id, statement });
    } else if ('PolicyDocument' in p) {
      // S3 bucket policies, SQS queue policies, ...
      for (const statement of statementsOf(p['PolicyDocument'])) located.push({ where: id, statement });
    }
  }
  return located;
}

/** The role a function runs with (logical id), from its `Role` property. */
export function roleOfFunction(fn: Resource): string {
  const role = referencedLogicalId(props(fn)['Role']);
  if (!role)
    throw new Error(
      `function role must reference a role in the template, got ${JSON.stringify(props(fn)['Role'])}`,
    );
  return role;
}

/** Allow statements granted to a role: its inline policies plus AWS::IAM::Policy resources attached to it. */
export function roleStatements(template: Template, roleId: string): Statement[] {
  const role = template.Resources[roleId];
  if (!role || role.Type !== 'AWS::IAM::Role') throw new Error(`${roleId} is not an AWS::IAM::Role`);
  const statements: Statement[] = [];
  for (const policy of (props(role)['Policies'] ?? []) as Array<{ PolicyDocument: unknown }>) {
    statements.push(...statementsOf(policy.PolicyDocument));
  }
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const roles = ((props(resource)['Roles'] ?? []) as unknown[]).map(referencedLogicalId);
    if (roles.includes(roleId)) statements.push(...statementsOf(props(resource)['PolicyDocument']));
  }
  return statements.filter((statement) => statement.Effect === 'Allow');
}

/** The literal text of a resource value (intrinsics serialised) to look for wildcards. */
export function resourceText(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const sub = (resource as { 'Fn::Sub'?: unknown } | null)?.['Fn::Sub'];
  if (typeof sub === 'string') return sub;
  return JSON.stringify(resource);
}

/**
 * A readable name for what a statement resource points at, so expectations can say
 * "GetItem on the connections table" whether the ARN is a GetAtt, a Sub or a compose param:
 * `table:chorus-connections`, `stream:chorus-messages`, `queue:chorus-delivery`, `api`, `logs`.
 */
export function describeResource(template: Template, resource: unknown, stage: string): string {
  const withoutStage = (name: string) =>
    name.endsWith(`-${stage}`) ? name.slice(0, -stage.length - 1) : name;
  const ref = referencedLogicalId(resource);
  const target = ref ? template.Resources[ref] : undefined;
  if (target) {
    const attribute = (resource as { 'Fn::GetAtt'?: unknown[] })['Fn::GetAtt']?.[1];
    const p = props(target);
    if (target.Type === 'AWS::DynamoDB::Table') {
      return `${attribute === 'StreamArn' ? 'stream' : 'table'}:${withoutStage(String(p['TableName']))}`;
    }
    if (target.Type === 'AWS::SQS::Queue') return `queue:${withoutStage(String(p['QueueName']))}`;
    if (target.Type === 'AWS::Logs::LogGroup') return 'logs';
    if (target.Type === 'AWS::ApiGatewayV2::Api') return 'api';
  }
  const text = resourceText(resource);
  if (text.includes('execute-api:') || text.includes('"WebsocketsApi"')) return 'api';
  const dynamo = /:table\/([A-Za-z0-9_.-]+?)(\/stream\/[^"]*)?"?$/.exec(text);
  if (dynamo) return `${dynamo[2] ? 'stream' : 'table'}:${withoutStage(dynamo[1]!)}`;
  const sqs = /arn:aws:sqs:[^:]+:[^:]+:([A-Za-z0-9_-]+)"?$/.exec(text);
  if (sqs) return `queue:${withoutStage(sqs[1]!)}`;
  return text;
}

/** action → sorted resource names, for a role's Allow statements (CloudWatch Logs left out). */
export function rolePermissions(template: Template, roleId: string, stage: string): Record<string, string[]> {
  const permissions: Record<string, Set<string>> = {};
  for (const statement of roleStatements(template, roleId)) {
    for (const action of actionsOf(statement)) {
      if (action.startsWith('logs:')) continue;
      permissions[action] = permissions[action] ?? new Set();
      for (const resource of resourcesOf(statement))
        permissions[action]!.add(describeResource(template, resource, stage));
    }
  }
  return Object.fromEntries(
    Object.entries(permissions)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([action, resources]) => [action, [...resources].sort()]),
  );
}
