// The slice of a `FunctionDefinition` the runtime needs, so callers and tests can hand it just
// these fields; every `FunctionDefinition` is one.
import type { FunctionDefinition } from '../definitions/types';

export type RuntimeFunction = Pick<
  FunctionDefinition,
  'qualifiedName' | 'handlerFile' | 'handlerExport' | 'environment' | 'timeoutSeconds' | 'memorySize'
>;
