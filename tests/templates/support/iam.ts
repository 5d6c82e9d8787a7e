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

/** Sorted distinct actions a role may perform, without the CloudWatch Logs ones every function has. */
export function roleActionsWithoutLogs(template: Template, roleId: string): string[] {
  const actions = roleStatements(template, roleId).flatMap(actionsOf);
  return [...new Set(actions.filter((action) => !action.startsWith('logs:')))].sort();
}

/** The literal text of a resource value (intrinsics serialised) to look for wildcards. */
export function resourceText(resource: unknown): string {
  return typeof resource === 'string' ? resource : JSON.stringify(resource);
}
