// Errors raised while turning the deploy definitions into a local cloud. Each names the file and
// the property path it was reading (a yml path, or a path in the template osls compiled from it), so a bad or unsupported construct in a serverless.yml is found
// without a debugger.

export type DefinitionErrorCode =
  | 'DEFINITION_FILE_MISSING'
  | 'DEFINITION_INVALID'
  | 'VARIABLE_UNSUPPORTED'
  | 'VARIABLE_UNRESOLVED'
  | 'INTRINSIC_UNSUPPORTED'
  | 'INTRINSIC_INVALID'
  | 'RESOURCE_UNKNOWN';

/** Formats `a.b[0].c` the way people read YAML paths. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

export class DefinitionError extends Error {
  readonly code: DefinitionErrorCode;
  readonly file: string;
  readonly path: string;

  constructor(code: DefinitionErrorCode, file: string, path: readonly (string | number)[], detail: string) {
    super(`${file}: ${formatPath(path)}: ${detail}`);
    this.name = 'DefinitionError';
    this.code = code;
    this.file = file;
    this.path = formatPath(path);
  }
}

/** A variable source or intrinsic the local cloud does not implement (e.g. `${ssm:…}`, `Fn::If`). */
export class UnsupportedDefinitionError extends DefinitionError {
  constructor(
    code: 'VARIABLE_UNSUPPORTED' | 'INTRINSIC_UNSUPPORTED' | 'RESOURCE_UNKNOWN',
    file: string,
    path: readonly (string | number)[],
    detail: string,
  ) {
    super(code, file, path, detail);
    this.name = 'UnsupportedDefinitionError';
  }
}
