// The slice of a `FunctionDefinition` (definitions/types.ts) that the runtime needs. Kept as its own
// structural type so the runtime can be used and tested with nothing but these fields; every
// `FunctionDefinition` is assignable to it.

export interface RuntimeFunction {
  /** e.g. 'chorus-messages-local-sendMessage'; the name functions are invoked by. */
  qualifiedName: string;
  /** Absolute path of the TypeScript handler module. */
  handlerFile: string;
  /** Name of the exported handler function, e.g. 'handler'. */
  handlerExport: string;
  /** The function's environment (provider + function level, resolved for local). */
  environment: Record<string, string>;
  timeoutSeconds: number;
  memorySize: number;
}
