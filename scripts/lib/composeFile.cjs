// serverless-compose.yml, read one way for everything that needs it: `npm run package`
// (--per-service), the compose state seeding and the local cloud (local/src/definitions). It says
// which services exist, where they live, the order @osls/compose runs them in and the params each
// one receives from earlier services' outputs (`${connections.WebsocketApiId}`).
//
// The reference syntax and its rules are @osls/compose's (src/ComponentsService.js, resolveObject
// and setDependencies): a param that is exactly one reference takes the output's value as is; a
// reference inside a longer string must be a string; a reference to a service or output that does
// not exist is an error. Compose passes the resolved params on as `serverless <cmd> --param k=v`.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

/** @osls/compose's pattern for `${service.Output}`. */
const OUTPUT_REFERENCE = /\$\{(\w*:?[\w\d.-]+)\}/g;
const COMPOSE_FILE = 'serverless-compose.yml';

class ComposeFileError extends Error {
  /** @param {string} code @param {(string|number)[]} path @param {string} detail */
  constructor(code, path, detail) {
    super(`${COMPOSE_FILE}: ${formatPath(path)}: ${detail}`);
    this.name = 'ComposeFileError';
    this.code = code;
    this.file = COMPOSE_FILE;
    this.path = path;
    this.detail = detail;
  }
}

function formatPath(parts) {
  return parts.map((part, i) => (typeof part === 'number' ? `[${part}]` : i ? `.${part}` : part)).join('');
}

const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The parsed compose document of the project at `root`. */
function readComposeFile(root) {
  const file = path.join(root, COMPOSE_FILE);
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ComposeFileError('COMPOSE_FILE_MISSING', [], `cannot read ${file}`);
  }
  try {
    return YAML.parse(text);
  } catch (error) {
    throw new ComposeFileError('COMPOSE_INVALID', [], `not valid YAML: ${error.message}`);
  }
}

/** `${service.Output}` references in a value, as [service, output] pairs. */
function referencesIn(value, into = []) {
  if (typeof value === 'string') {
    for (const match of value.matchAll(OUTPUT_REFERENCE)) {
      const [service, ...output] = match[1].split('.');
      into.push([service, output.join('.')]);
    }
  } else if (Array.isArray(value)) value.forEach((item) => referencesIn(item, into));
  else if (isRecord(value)) Object.values(value).forEach((item) => referencesIn(item, into));
  return into;
}

/** One service entry: key, path, params as written, and the services it needs first. */
function serviceEntry(key, entry) {
  if (!isRecord(entry) || typeof entry.path !== 'string') {
    throw new ComposeFileError('COMPOSE_INVALID', ['services', key, 'path'], 'every service needs a path');
  }
  const params = entry.params === undefined ? {} : entry.params;
  if (!isRecord(params)) {
    throw new ComposeFileError('COMPOSE_INVALID', ['services', key, 'params'], 'params must be a map');
  }
  const explicit = typeof entry.dependsOn === 'string' ? [entry.dependsOn] : (entry.dependsOn ?? []);
  const dependsOn = new Set(explicit.map(String));
  for (const [service] of referencesIn(params)) dependsOn.add(service);
  return { key, path: entry.path, params, dependsOn: [...dependsOn] };
}

/** Services in the order compose runs them: dependencies first, otherwise as written. */
function composeServices(document) {
  if (!isRecord(document) || !isRecord(document.services)) {
    throw new ComposeFileError('COMPOSE_INVALID', ['services'], 'expected a map of services');
  }
  const declared = Object.entries(document.services).map(([key, entry]) => serviceEntry(key, entry));
  for (const service of declared) {
    const unknown = service.dependsOn.find((dependency) => !document.services[dependency]);
    if (unknown !== undefined) {
      throw new ComposeFileError(
        'COMPOSE_INVALID',
        ['services', service.key],
        `depends on "${unknown}", which is not a service of this compose file`,
      );
    }
  }
  const ordered = [];
  const done = new Set();
  while (ordered.length < declared.length) {
    const next = declared.find((s) => !done.has(s.key) && s.dependsOn.every((d) => done.has(d)));
    if (!next) {
      const stuck = declared.filter((s) => !done.has(s.key)).map((s) => s.key);
      throw new ComposeFileError(
        'COMPOSE_INVALID',
        ['services'],
        `dependency cycle among ${stuck.join(', ')}`,
      );
    }
    ordered.push(next);
    done.add(next.key);
  }
  return ordered;
}

/** A service's params with every `${service.Output}` replaced from `outputs` ({ svc: { Output: v } }). */
function resolveServiceParams(service, outputs) {
  const lookup = (reference, at) => {
    const [name, ...rest] = reference.split('.');
    const output = rest.join('.');
    const value = outputs[name] && outputs[name][output];
    if (value === undefined) {
      const known = Object.keys(outputs[name] || {}).join(', ') || 'none';
      throw new ComposeFileError(
        'COMPOSE_OUTPUT_MISSING',
        at,
        `"\${${reference}}": service "${name}" has no output "${output}" (outputs: ${known})`,
      );
    }
    return value;
  };
  const resolveValue = (value, at) => {
    if (typeof value === 'string') {
      const whole = /^\$\{(\w*:?[\w\d.-]+)\}$/.exec(value);
      if (whole) return lookup(whole[1], at);
      return value.replace(OUTPUT_REFERENCE, (_match, reference) => {
        const found = lookup(reference, at);
        if (typeof found === 'object' && found !== null) {
          throw new ComposeFileError('COMPOSE_INVALID', at, `"\${${reference}}" is not a string`);
        }
        return String(found);
      });
    }
    if (Array.isArray(value)) return value.map((item, i) => resolveValue(item, [...at, i]));
    if (isRecord(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, [...at, k])]));
    }
    return value;
  };
  return resolveValue(service.params, ['services', service.key, 'params']);
}

/** { serviceKey: { param: value } } for every service, resolved against `outputs`. */
function resolveComposeParams(document, outputs) {
  return Object.fromEntries(
    composeServices(document).map((service) => [service.key, resolveServiceParams(service, outputs)]),
  );
}

module.exports = {
  COMPOSE_FILE,
  ComposeFileError,
  readComposeFile,
  composeServices,
  resolveServiceParams,
  resolveComposeParams,
};
