// serverless-compose.yml: which services exist, where they live, the order they deploy in and the
// params each one receives from earlier services' outputs (`${connections.WebsocketApiId}`).
import { DefinitionError } from './errors';

export interface ComposeService {
  key: string; // 'messages'
  path: string; // 'services/messages' (relative to the repo root)
  /** Params as written, still holding `${service.Output}` references. */
  params: Record<string, unknown>;
  /** Services this one needs first (explicit dependsOn plus the ones its params reference). */
  dependsOn: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const OUTPUT_REFERENCE = /\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}/g;

function referencedServices(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    for (const match of value.matchAll(OUTPUT_REFERENCE)) into.add(match[1] ?? '');
  } else if (Array.isArray(value)) {
    for (const item of value) referencedServices(item, into);
  } else if (isRecord(value)) {
    for (const item of Object.values(value)) referencedServices(item, into);
  }
}

/** Parses a compose document into services in deployment order (dependencies first, else as written). */
export function parseCompose(document: unknown, file: string): ComposeService[] {
  if (!isRecord(document) || !isRecord(document['services'])) {
    throw new DefinitionError('DEFINITION_INVALID', file, ['services'], 'expected a map of services');
  }
  const declared: ComposeService[] = [];
  for (const [key, entry] of Object.entries(document['services'])) {
    if (!isRecord(entry) || typeof entry['path'] !== 'string') {
      throw new DefinitionError(
        'DEFINITION_INVALID',
        file,
        ['services', key, 'path'],
        'every service needs a path',
      );
    }
    const params = entry['params'] === undefined ? {} : entry['params'];
    if (!isRecord(params)) {
      throw new DefinitionError(
        'DEFINITION_INVALID',
        file,
        ['services', key, 'params'],
        'params must be a map',
      );
    }
    const rawDependsOn = entry['dependsOn'] ?? [];
    const dependsOn = new Set<string>(typeof rawDependsOn === 'string' ? [rawDependsOn] : []);
    if (Array.isArray(rawDependsOn)) for (const name of rawDependsOn) dependsOn.add(String(name));
    referencedServices(params, dependsOn);
    declared.push({ key, path: entry['path'], params, dependsOn: [...dependsOn] });
  }
  return deploymentOrder(declared, file);
}

function deploymentOrder(services: ComposeService[], file: string): ComposeService[] {
  const byKey = new Map(services.map((service) => [service.key, service]));
  for (const service of services) {
    for (const dependency of service.dependsOn) {
      if (!byKey.has(dependency)) {
        throw new DefinitionError(
          'DEFINITION_INVALID',
          file,
          ['services', service.key],
          `depends on "${dependency}", which is not a service of this compose file`,
        );
      }
    }
  }
  const ordered: ComposeService[] = [];
  const done = new Set<string>();
  while (ordered.length < services.length) {
    const next = services.find(
      (service) => !done.has(service.key) && service.dependsOn.every((dependency) => done.has(dependency)),
    );
    if (!next) {
      const stuck = services.filter((service) => !done.has(service.key)).map((service) => service.key);
      throw new DefinitionError(
        'DEFINITION_INVALID',
        file,
        ['services'],
        `dependency cycle among ${stuck.join(', ')}`,
      );
    }
    ordered.push(next);
    done.add(next.key);
  }
  return ordered;
}

/** Replaces `${service.Output}` in a service's params with the outputs of the services before it. */
export function resolveComposeParams(
  service: ComposeService,
  outputs: Record<string, Record<string, string>>,
  file: string,
): Record<string, unknown> {
  const resolveValue = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === 'string') {
      const whole = /^\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}$/.exec(value);
      if (whole) return lookup(whole[1] ?? '', whole[2] ?? '', path);
      return value.replace(OUTPUT_REFERENCE, (_match, name: string, output: string) =>
        lookup(name, output, path),
      );
    }
    if (Array.isArray(value)) return value.map((item, index) => resolveValue(item, [...path, index]));
    if (isRecord(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, resolveValue(item, [...path, key])]),
      );
    }
    return value;
  };
  const lookup = (name: string, output: string, path: (string | number)[]): string => {
    const value = outputs[name]?.[output];
    if (value === undefined) {
      throw new DefinitionError(
        'VARIABLE_UNRESOLVED',
        file,
        path,
        `"\${${name}.${output}}": service "${name}" has no output "${output}" (outputs: ${Object.keys(outputs[name] ?? {}).join(', ') || 'none'})`,
      );
    }
    return value;
  };
  return resolveValue(service.params, ['services', service.key, 'params']) as Record<string, unknown>;
}
