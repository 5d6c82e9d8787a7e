// The webapp's Content-Security-Policy, locally the same as on AWS: read from the CloudFront
// response headers policy in infra/webapp-hosting.yml (the one source), with connect-src pointing
// at the local gateway instead of the region's API Gateway. A page that breaks the policy breaks
// here first, so the e2e suite proves the hosted app runs under it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export const HOSTING_TEMPLATE = join('infra', 'webapp-hosting.yml');

interface HostingTemplate {
  Resources?: Record<
    string,
    {
      Type?: string;
      Properties?: {
        ResponseHeadersPolicyConfig?: {
          SecurityHeadersConfig?: { ContentSecurityPolicy?: { ContentSecurityPolicy?: unknown } };
        };
      };
    }
  >;
}

/** The policy text of the hosting template, `${…}` placeholders (Fn::Sub) and all. */
export function hostedContentSecurityPolicy(repoRoot: string): string {
  const file = join(repoRoot, HOSTING_TEMPLATE);
  const template = parse(readFileSync(file, 'utf8')) as HostingTemplate;
  const policies = Object.values(template.Resources ?? {}).filter(
    (resource) => resource.Type === 'AWS::CloudFront::ResponseHeadersPolicy',
  );
  const value =
    policies[0]?.Properties?.ResponseHeadersPolicyConfig?.SecurityHeadersConfig?.ContentSecurityPolicy
      ?.ContentSecurityPolicy;
  const text =
    typeof value === 'object' && value !== null ? (value as { 'Fn::Sub'?: unknown })['Fn::Sub'] : value;
  if (policies.length !== 1 || typeof text !== 'string' || text.trim() === '') {
    throw new Error(`${file}: expected one ResponseHeadersPolicy with a ContentSecurityPolicy string`);
  }
  return text;
}

/** `policy` with its connect-src replaced by `'self'` and `connectSources`; every other directive kept. */
export function withConnectSources(policy: string, connectSources: readonly string[]): string {
  const directives = policy
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '');
  if (!directives.some((directive) => directive.split(/\s+/)[0] === 'connect-src')) {
    throw new Error('the Content-Security-Policy has no connect-src directive to point at the local gateway');
  }
  return directives
    .map((directive) =>
      directive.split(/\s+/)[0] === 'connect-src'
        ? ["connect-src 'self'", ...connectSources].join(' ')
        : directive,
    )
    .join('; ');
}

/** The policy the local web server sends: the hosted one, talking to `websocketUrl`'s origin. */
export function localContentSecurityPolicy(repoRoot: string, websocketUrl: string): string {
  const { protocol, host } = new URL(websocketUrl);
  return withConnectSources(hostedContentSecurityPolicy(repoRoot), [`${protocol}//${host}`]);
}
