// Services compiled by osls itself: osls reads each serverless.yml (short intrinsics included),
// resolves its variables with its own sources (`${sls:…}`, `${opt:…}`, `${self:…}`, `${param:…}`
// with the compose params passed as `--param`, `${env:…}`, `${aws:region}`) and runs the compile
// steps of `serverless package`, so every function, route, event source mapping and environment
// arrives as the CloudFormation a deploy would apply, framework defaults included. Skipped: the
// esbuild plugin and the artifact zip (the local cloud runs the sources) and writing .serverless/
// (so `npm run package` output is never touched). The work happens in oslsCompiler.cjs on a worker
// thread: ~1 s for the three services, where `serverless package` takes 11-28 s.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { DefinitionError, UnsupportedDefinitionError, type DefinitionErrorCode } from './errors';

export interface CloudFormationResource {
  Type: string;
  Properties?: Record<string, unknown>;
}

export interface CloudFormationTemplate {
  Resources: Record<string, CloudFormationResource>;
  Outputs?: Record<string, { Value: unknown }>;
}

export interface CompiledFunction {
  key: string; // 'sendMessage'
  logicalId: string; // 'SendMessageLambdaFunction'
  /** The function's `events` after variable resolution, as osls read them. */
  events: unknown[];
}

export interface CompiledService {
  file: string; // 'services/messages/serverless.yml'
  serviceName: string; // 'chorus-messages'
  /** The resolved serverless.yml. */
  configuration: Record<string, unknown>;
  functions: CompiledFunction[];
  template: CloudFormationTemplate;
}

export interface CompileServiceInput {
  serviceDir: string; // absolute
  file: string; // for messages, relative to the repo root
  stage: string;
  region: string;
  /** The local account: `${aws:accountId}` would otherwise ask STS. */
  accountId: string;
  /** Compose params, passed the way @osls/compose passes them (`--param key=value`). */
  params: Record<string, unknown>;
}

interface CompileFailure {
  code: DefinitionErrorCode;
  file: string;
  path: (string | number)[];
  detail: string;
}

type Reply = { id: number; compiled: CompiledService } | { id: number; error: CompileFailure };

export function configurationFile(serviceDir: string): string {
  const name = ['serverless.yml', 'serverless.yaml'].find((candidate) =>
    existsSync(join(serviceDir, candidate)),
  );
  return join(serviceDir, name ?? 'serverless.yml');
}

/** One osls worker for a batch of services (osls loads once); close it when done. */
export class OslsCompiler {
  private readonly worker = new Worker(join(__dirname, 'oslsCompiler.cjs'), {
    // `${env:…}` reads this process's environment (a copy is taken here), as `serverless` would.
    env: { ...process.env },
    // Plain Node: a TypeScript loader (`node --import tsx`) would hook each of osls's modules.
    execArgv: [],
  });
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private nextId = 0;
  private failure: Error | undefined;

  constructor() {
    this.worker.on('message', (reply: Reply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the osls worker exited (code ${code})`)));
  }

  async compile(input: CompileServiceInput): Promise<CompiledService> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const reply = await new Promise<Reply>((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({
        id,
        input: { ...input, configurationPath: configurationFile(input.serviceDir) },
      });
    });
    if ('compiled' in reply) return reply.compiled;
    throw definitionError(reply.error);
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the osls compiler is closed');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const failure = this.failure;
    for (const resolve of this.pending.values()) {
      resolve({
        id: -1,
        error: { code: 'DEFINITION_INVALID', file: '(osls)', path: [], detail: failure.message },
      });
    }
    this.pending.clear();
  }
}

function definitionError(failure: CompileFailure): DefinitionError {
  if (failure.code === 'VARIABLE_UNSUPPORTED') {
    return new UnsupportedDefinitionError(failure.code, failure.file, failure.path, failure.detail);
  }
  return new DefinitionError(failure.code, failure.file, failure.path, failure.detail);
}
