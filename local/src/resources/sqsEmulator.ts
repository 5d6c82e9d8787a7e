// The SQS emulator (fauxqs), embedded in this process.
//
// fauxqs files queues under URLs of its own shape (`http://sqs.{region}.localhost:{port}/{acct}/{name}`)
// and looks them up by exact URL. Those host names do not resolve on Linux, and SDK v3's SQS client
// sends a request to the QueueUrl's host whenever it differs from the configured endpoint (the
// endpoint from AWS_ENDPOINT_URL_SQS does not stop that). So locally a queue URL is
// `{endpoint}/{acct}/{name}` — the endpoint handlers are given, as on AWS where the URL's host is
// the SQS endpoint — and two hooks translate at the edge: incoming QueueUrl → fauxqs's key, and
// fauxqs's URLs in responses → ours. The loader computes the same URLs (Ref of an AWS::SQS::Queue).
//
// fauxqs is ESM-only; it is loaded with a dynamic import() so this CommonJS module works under Node
// 20.19+/tsx. (Jest's CJS runtime cannot run that import without --experimental-vm-modules; the
// tests start the emulator in a child process instead.)
import { ResourceError } from './errors';
import { assertPortFree } from './ports';

export interface SqsEmulatorOptions {
  port: number; // 0 = any free port
  /** Region used when a request carries no SigV4 scope (fauxqs's fallback). */
  region?: string;
  host?: string; // bind address, default 127.0.0.1
}

export interface SqsEmulator {
  endpoint: string; // 'http://127.0.0.1:9324'
  port: number;
  /** Milliseconds from import to listening. */
  startupMs: number;
  stop(): Promise<void>;
}

interface HookRequest {
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
}
interface HookReply {
  getHeader(name: string): unknown;
}
interface FauxqsApp {
  addHook(name: 'preHandler', hook: (request: HookRequest, reply: HookReply) => Promise<void>): unknown;
  addHook(
    name: 'onSend',
    hook: (request: HookRequest, reply: HookReply, payload: unknown) => Promise<unknown>,
  ): unknown;
  listen(options: { port: number; host: string }): Promise<string>;
  close(): Promise<void>;
}
interface FauxqsModule {
  buildApp(options: { logger?: boolean; defaultRegion?: string }): FauxqsApp;
}

const SCOPE_REGION = /Credential=[^/]+\/\d{8}\/([^/]+)\//;

export async function startSqsEmulator(options: SqsEmulatorOptions): Promise<SqsEmulator> {
  const host = options.host ?? '127.0.0.1';
  const fallbackRegion = options.region ?? 'us-east-1';
  if (options.port !== 0) await assertPortFree('sqs', options.port, host);
  const startedAt = performance.now();
  let fauxqs: FauxqsModule;
  try {
    fauxqs = (await import('fauxqs')) as unknown as FauxqsModule;
  } catch (error) {
    throw new ResourceError('EMULATOR_START_FAILED', `cannot load fauxqs: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const app = fauxqs.buildApp({ logger: false, defaultRegion: fallbackRegion });
  let port = options.port;
  let endpoint = '';

  app.addHook('preHandler', async (request) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null) return;
    const record = body as Record<string, unknown>;
    const queueUrl = record['QueueUrl'];
    if (typeof queueUrl !== 'string' || !queueUrl.startsWith(`${endpoint}/`)) return;
    const authorization = request.headers['authorization'];
    const region =
      SCOPE_REGION.exec(typeof authorization === 'string' ? authorization : '')?.[1] ?? fallbackRegion;
    record['QueueUrl'] = `http://sqs.${region}.localhost:${port}${queueUrl.slice(endpoint.length)}`;
  });
  app.addHook('onSend', async (_request, _reply, payload) => {
    if (typeof payload !== 'string') return payload;
    return payload.replace(new RegExp(`http://sqs\\.[a-z0-9-]+\\.localhost:${port}(?=/)`, 'g'), endpoint);
  });

  try {
    const address = await app.listen({ port: options.port, host });
    port = Number(new URL(address).port);
  } catch (error) {
    throw new ResourceError(
      'EMULATOR_START_FAILED',
      `fauxqs did not start on ${host}:${options.port}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  endpoint = `http://${host}:${port}`;
  const startupMs = Math.round(performance.now() - startedAt);
  return { endpoint, port, startupMs, stop: () => app.close() };
}
