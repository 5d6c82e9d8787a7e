// Errors the runtime throws at its callers (handler errors are never thrown: they come back as
// `InvokeResult { ok: false }`).

export class UnknownFunctionError extends Error {
  /** The code the Lambda Invoke API uses for the same situation. */
  readonly code = 'ResourceNotFoundException';

  constructor(
    readonly functionName: string,
    known: string[],
  ) {
    super(`Function not found: ${functionName} (known functions: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownFunctionError';
  }
}

export class RuntimeNotStartedError extends Error {
  readonly code = 'RuntimeNotStarted';

  constructor() {
    super('FunctionRuntime.start() must complete before invoking functions');
    this.name = 'RuntimeNotStartedError';
  }
}
