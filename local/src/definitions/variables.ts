// A small resolver for the Serverless Framework (osls v3) variables serverless.yml may use:
// ${sls:stage}, ${opt:stage|region}, ${self:path}, ${param:name}, ${env:NAME}, ${aws:region},
// ${aws:accountId}, with `, fallback` sources and nesting. Like osls, only `${type:…}` with a
// lower-case type is a variable; `${AWS::Region}` or `${MyTable.Arn}` belong to Fn::Sub and are
// left untouched for the CloudFormation evaluator.
import { DefinitionError, UnsupportedDefinitionError } from './errors';

export interface VariableContext {
  /** File name used in error messages (relative to the repo root). */
  file: string;
  stage: string;
  region: string;
  accountId: string;
  /** CLI options (`${opt:…}`); the local cloud passes stage and region. */
  options: Record<string, string | undefined>;
  env: Record<string, string | undefined>;
  /** Params given by serverless-compose.yml; they win over the file's own `params:` block. */
  composeParams: Record<string, unknown>;
}

type Path = (string | number)[];

const VARIABLE_START = /^\$\{([a-z][a-zA-Z0-9]*)[:(]/;
const SUPPORTED_SOURCES = 'sls, opt, self, param, env, aws';

interface VariableSegment {
  kind: 'variable';
  raw: string; // '${param:x, 1}'
  inner: string; // 'param:x, 1'
}
type Segment = { kind: 'text'; value: string } | VariableSegment;

/** Resolves every variable in `document` (a parsed serverless.yml) and returns a new tree. */
export function resolveVariables(document: unknown, context: VariableContext): unknown {
  return new VariableResolver(document, context).resolveNode(document, []);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class VariableResolver {
  private readonly active = new Set<string>();

  constructor(
    private readonly root: unknown,
    private readonly context: VariableContext,
  ) {}

  resolveNode(node: unknown, path: Path): unknown {
    if (typeof node === 'string') return this.resolveString(node, path);
    if (Array.isArray(node)) return node.map((item, index) => this.resolveNode(item, [...path, index]));
    if (isRecord(node)) {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) out[key] = this.resolveNode(value, [...path, key]);
      return out;
    }
    return node;
  }

  private resolveString(text: string, path: Path): unknown {
    if (!text.includes('${')) return text;
    const segments = this.scan(text, path);
    const only = segments[0];
    if (segments.length === 1 && only?.kind === 'variable') return this.resolveVariable(only, path);
    let out = '';
    for (const segment of segments) {
      if (segment.kind === 'text') {
        out += segment.value;
        continue;
      }
      const value = this.resolveVariable(segment, path);
      if (typeof value === 'object' && value !== null) {
        throw new DefinitionError(
          'VARIABLE_SYNTAX',
          this.context.file,
          path,
          `"${segment.raw}" resolves to an object or list and cannot be embedded in the string "${text}"`,
        );
      }
      out += String(value);
    }
    return out;
  }

  private scan(text: string, path: Path): Segment[] {
    const segments: Segment[] = [];
    let literal = '';
    let index = 0;
    while (index < text.length) {
      if (text.startsWith('\\${', index)) {
        literal += '${';
        index += 3;
        continue;
      }
      if (text.startsWith('${', index) && VARIABLE_START.test(text.slice(index))) {
        const close = findClosingBrace(text, index + 2);
        if (close < 0) {
          throw new DefinitionError(
            'VARIABLE_SYNTAX',
            this.context.file,
            path,
            `unterminated variable in "${text}"`,
          );
        }
        if (literal !== '') segments.push({ kind: 'text', value: literal });
        literal = '';
        segments.push({
          kind: 'variable',
          raw: text.slice(index, close + 1),
          inner: text.slice(index + 2, close),
        });
        index = close + 1;
        continue;
      }
      literal += text[index];
      index += 1;
    }
    if (literal !== '') segments.push({ kind: 'text', value: literal });
    return segments;
  }

  private resolveVariable(variable: VariableSegment, path: Path): unknown {
    const sources = splitSources(variable.inner);
    for (const source of sources) {
      const value = this.resolveSource(source, variable, path);
      if (value !== undefined && value !== null) return value;
    }
    throw new DefinitionError(
      'VARIABLE_UNRESOLVED',
      this.context.file,
      path,
      `cannot resolve "${variable.raw}": no value found and no fallback given`,
    );
  }

  private resolveSource(source: string, variable: VariableSegment, path: Path): unknown {
    if (source.startsWith("'")) {
      if (!source.endsWith("'") || source.length < 2) throw this.syntax(variable, path, source);
      return source.slice(1, -1);
    }
    if (source.startsWith('"')) {
      try {
        return JSON.parse(source) as unknown;
      } catch {
        throw this.syntax(variable, path, source);
      }
    }
    if (source.startsWith('${')) return this.resolveString(source, path);
    const call = /^([a-z][a-zA-Z0-9]*)\(/.exec(source);
    if (call) {
      throw new UnsupportedDefinitionError(
        'VARIABLE_UNSUPPORTED',
        this.context.file,
        path,
        `unsupported variable source "${call[1]}(…)" in "${variable.raw}" (supported: ${SUPPORTED_SOURCES})`,
      );
    }
    const typed = /^([a-z][a-zA-Z0-9]*):([\s\S]*)$/.exec(source);
    if (typed) {
      const address = this.resolveString(typed[2] ?? '', path);
      if (typeof address !== 'string') throw this.syntax(variable, path, source);
      return this.lookup(typed[1] ?? '', address.trim(), variable, path);
    }
    if (source === 'true') return true;
    if (source === 'false') return false;
    if (source === 'null') return null;
    if (source !== '' && !Number.isNaN(Number(source))) return Number(source);
    throw this.syntax(variable, path, source);
  }

  private lookup(type: string, address: string, variable: VariableSegment, path: Path): unknown {
    const { context } = this;
    switch (type) {
      case 'sls':
        if (address === 'stage') return context.stage;
        break;
      case 'opt':
        return context.options[address];
      case 'env':
        return context.env[address];
      case 'aws':
        if (address === 'region') return context.region;
        if (address === 'accountId') return context.accountId;
        break;
      case 'self':
        return this.lookupSelf(address);
      case 'param':
        return this.lookupParam(address);
      default:
        throw new UnsupportedDefinitionError(
          'VARIABLE_UNSUPPORTED',
          context.file,
          path,
          `unsupported variable source "${type}" in "${variable.raw}" (supported: ${SUPPORTED_SOURCES})`,
        );
    }
    throw new UnsupportedDefinitionError(
      'VARIABLE_UNSUPPORTED',
      context.file,
      path,
      `unsupported variable "${type}:${address}" in "${variable.raw}"`,
    );
  }

  private lookupParam(name: string): unknown {
    if (Object.prototype.hasOwnProperty.call(this.context.composeParams, name)) {
      return this.context.composeParams[name];
    }
    const params = isRecord(this.root) ? this.root['params'] : undefined;
    if (!isRecord(params)) return undefined;
    for (const stage of [this.context.stage, 'default']) {
      const block = params[stage];
      if (isRecord(block) && block[name] !== undefined)
        return this.resolveAt(block[name], ['params', stage, name]);
    }
    return undefined;
  }

  private lookupSelf(address: string): unknown {
    const keys = address === '' ? [] : address.split('.');
    let node: unknown = this.root;
    const path: Path = [];
    for (const key of keys) {
      if (typeof node === 'string') node = this.resolveAt(node, [...path]);
      if (Array.isArray(node) && /^\d+$/.test(key)) {
        node = node[Number(key)];
        path.push(Number(key));
      } else if (isRecord(node)) {
        node = node[key];
        path.push(key);
      } else {
        return undefined;
      }
      if (node === undefined) return undefined;
    }
    return this.resolveAt(node, path);
  }

  private resolveAt(node: unknown, path: Path): unknown {
    const key = JSON.stringify(path);
    if (this.active.has(key)) {
      throw new DefinitionError(
        'VARIABLE_CYCLE',
        this.context.file,
        path,
        'variable references form a cycle through this property',
      );
    }
    this.active.add(key);
    try {
      return this.resolveNode(node, path);
    } finally {
      this.active.delete(key);
    }
  }

  private syntax(variable: VariableSegment, path: Path, source: string): DefinitionError {
    return new DefinitionError(
      'VARIABLE_SYNTAX',
      this.context.file,
      path,
      `invalid variable source "${source}" in "${variable.raw}"`,
    );
  }
}

/** Index of the `}` closing a variable whose body starts at `from`, honouring nesting and quotes. */
function findClosingBrace(text: string, from: number): number {
  let depth = 1;
  let quote: string | null = null;
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (quote !== null) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === '$' && text[index + 1] === '{') {
      depth += 1;
      index += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** Splits `opt:stage, self:x, 'dev'` at top-level commas. */
function splitSources(inner: string): string[] {
  const sources: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let index = 0; index < inner.length; index += 1) {
    const char = inner[index];
    if (quote !== null) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === '{' || char === '(') depth += 1;
    else if (char === '}' || char === ')') depth -= 1;
    else if (char === ',' && depth === 0) {
      sources.push(inner.slice(start, index).trim());
      start = index + 1;
    }
  }
  sources.push(inner.slice(start).trim());
  return sources;
}
