// ConnectionGateway as one signed HTTPS request per post: POST {endpoint}/@connections/{id}, SigV4
// signed for `execute-api` by the SDK's own signer, over a keep-alive agent. The SDK's
// ApiGatewayManagementApiClient costs 0.5-1.2 ms of CPU per call (middleware stack, schema serde,
// retry bookkeeping), which made a 512 MB worker CPU-bound below the post rate the capacity model
// assumes; this sends the same request (same path encoding, same signature) for a fraction of it.
import http from 'node:http';
import https from 'node:https';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ConnectionGateway } from './connectionGateway';
import { ManagementApiError } from './errors';

type SignerOptions = ConstructorParameters<typeof SignatureV4>[0];

export interface SignedConnectionGatewayOptions {
  /** `https://{apiId}.execute-api.{region}.amazonaws.com/{stage}` (or the local cloud's http URL). */
  endpoint: string;
  region: string;
  /** Static credentials or a provider (e.g. the default provider chain), resolved per signature. */
  credentials: SignerOptions['credentials'];
  /** c: the keep-alive pool holds this many sockets, one per post in flight. */
  inFlight: number;
  /** A post that has seen no socket activity for this long fails as transient (default 5000). */
  requestTimeoutMs?: number;
  /** Signing clock (tests pin it). */
  now?: () => Date;
}

/** Error type names by status, for answers without an `x-amzn-ErrorType` header. */
const ERROR_NAMES: Record<number, string> = {
  400: 'BadRequestException',
  403: 'ForbiddenException',
  410: 'GoneException',
  413: 'PayloadTooLargeException',
  429: 'LimitExceededException',
};

/** Most of an error body we keep for the message; answers are tiny JSON documents. */
const MAX_ERROR_BODY = 4096;

/** The SDK's label encoding (encodeURIComponent plus !'()*), so paths and signatures match it. */
export function encodeConnectionId(connectionId: string): string {
  return encodeURIComponent(connectionId).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The error name of an AWS answer: `x-amzn-ErrorType` (up to any `:`), else by status. */
export function errorNameOf(status: number, errorType: string | string[] | undefined): string {
  const header = Array.isArray(errorType) ? errorType[0] : errorType;
  const name = header?.split(':')[0]?.trim();
  if (name !== undefined && name !== '') return name;
  return ERROR_NAMES[status] ?? (status >= 500 ? 'InternalServerErrorException' : `HttpError${status}`);
}

function messageOf(body: string, fallback: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; Message?: unknown };
    const message = parsed.message ?? parsed.Message;
    if (typeof message === 'string' && message !== '') return message;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return body.trim() === '' ? fallback : body.trim().slice(0, 500);
}

export class SignedConnectionGateway implements ConnectionGateway {
  private readonly signer: SignatureV4;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly protocol: string;
  private readonly hostname: string;
  private readonly port: number | undefined;
  private readonly host: string;
  private readonly basePath: string;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  public constructor(options: SignedConnectionGatewayOptions) {
    const url = new URL(options.endpoint);
    const secure = url.protocol === 'https:';
    this.protocol = url.protocol;
    this.hostname = url.hostname;
    this.port = url.port === '' ? undefined : Number(url.port);
    // What the SDK's host-header middleware sends (and signs): the port only when not the default.
    this.host = url.host;
    this.basePath = url.pathname.replace(/\/+$/, '');
    // keepAlive + maxSockets = c: every post in flight has a warm socket and none handshakes again.
    const agentOptions = { keepAlive: true, maxSockets: options.inFlight };
    this.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.request = secure ? https.request : http.request;
    this.timeoutMs = options.requestTimeoutMs ?? 5000;
    this.now = options.now ?? (() => new Date());
    this.signer = new SignatureV4({
      service: 'execute-api',
      region: options.region,
      credentials: options.credentials,
      sha256: Hash.bind(null, 'sha256'),
    });
  }

  public async post(connectionId: string, data: Uint8Array): Promise<void> {
    const path = `${this.basePath}/@connections/${encodeConnectionId(connectionId)}`;
    const signed = await this.signer.sign(
      {
        method: 'POST',
        protocol: this.protocol,
        hostname: this.hostname,
        ...(this.port === undefined ? {} : { port: this.port }),
        path,
        query: {},
        headers: {
          host: this.host,
          'content-type': 'application/octet-stream',
          'content-length': String(data.byteLength),
        },
        body: data,
      },
      { signingDate: this.now() },
    );
    await this.send(path, signed.headers, data);
  }

  /** Closes the pooled sockets (tests; a Lambda container just freezes with them). */
  public destroy(): void {
    this.agent.destroy();
  }

  private send(path: string, headers: Record<string, string>, data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = this.request(
        {
          agent: this.agent,
          method: 'POST',
          hostname: this.hostname,
          ...(this.port === undefined ? {} : { port: this.port }),
          path,
          headers,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            // Drain the (empty) body so the socket goes back to the pool.
            res.resume();
            res.on('end', resolve);
            res.on('error', reject);
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_ERROR_BODY) chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('end', () => {
            const name = errorNameOf(status, res.headers['x-amzn-errortype']);
            const message = messageOf(Buffer.concat(chunks).toString('utf8'), `${name} (HTTP ${status})`);
            const requestId = res.headers['x-amzn-requestid'];
            reject(
              new ManagementApiError(name, message, {
                httpStatusCode: status,
                ...(typeof requestId === 'string' ? { requestId } : {}),
              }),
            );
          });
        },
      );
      req.setTimeout(this.timeoutMs, () => {
        const error = new Error(`PostToConnection got no answer within ${this.timeoutMs} ms`);
        error.name = 'TimeoutError';
        req.destroy(error);
      });
      // Network errors carry no HTTP status, so classifyPostError treats them as transient.
      req.on('error', reject);
      req.end(data);
    });
  }
}
