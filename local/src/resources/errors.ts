// Errors of the local cloud's resource layer: missing prerequisites, busy ports, emulators that do
// not come up. Messages tell the developer what to do next.

export type ResourceErrorCode =
  'JAVA_MISSING' | 'JAVA_TOO_OLD' | 'PORT_IN_USE' | 'EMULATOR_START_FAILED' | 'PROVISIONING_FAILED';

export class ResourceError extends Error {
  readonly code: ResourceErrorCode;

  constructor(code: ResourceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ResourceError';
    this.code = code;
  }
}

export class JavaPrerequisiteError extends ResourceError {
  constructor(code: 'JAVA_MISSING' | 'JAVA_TOO_OLD', message: string) {
    super(code, message);
    this.name = 'JavaPrerequisiteError';
  }
}

export class PortInUseError extends ResourceError {
  readonly port: number;
  readonly envVar: string;

  constructor(port: number, envVar: string, what: string) {
    super(
      'PORT_IN_USE',
      `Port ${port} (${what}) is already in use. Stop whatever listens there, or pick another port with ${envVar}=<port> (0 picks a free one).`,
    );
    this.name = 'PortInUseError';
    this.port = port;
    this.envVar = envVar;
  }
}
