// Types of composeFile.cjs for the TypeScript that reads it (local/src/definitions).
export declare const COMPOSE_FILE: string;

export interface ComposeService {
  key: string; // 'messages'
  path: string; // 'services/messages' (relative to the project root)
  /** Params as written, still holding `${service.Output}` references. */
  params: Record<string, unknown>;
  /** Services this one needs first (dependsOn plus the ones its params reference). */
  dependsOn: string[];
}

export declare class ComposeFileError extends Error {
  readonly code: 'COMPOSE_FILE_MISSING' | 'COMPOSE_INVALID' | 'COMPOSE_OUTPUT_MISSING';
  readonly file: string;
  readonly path: (string | number)[];
  readonly detail: string;
}

export declare function readComposeFile(root: string): unknown;
export declare function composeServices(document: unknown): ComposeService[];
export declare function resolveServiceParams(
  service: ComposeService,
  outputs: Record<string, Record<string, unknown>>,
): Record<string, unknown>;
export declare function resolveComposeParams(
  document: unknown,
  outputs: Record<string, Record<string, unknown>>,
): Record<string, Record<string, unknown>>;
