// A small OIDC-style token issuer for the local cloud (docs/local-cloud.md#sign-in): the JWKS the
// $connect authorizer verifies against, and a development sign-in that mints an ID token for any
// display name. It exists so the local stage runs the same authorizer code as AWS; it checks no
// password and must never be exposed beyond 127.0.0.1.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { publicJwks, signIdToken, type SigningKey } from '@chorus/dev-auth';
import { isValidUserName } from '@chorus/protocol';

export const LOCAL_AUDIENCE = 'chorus-local';
export const SIGN_IN_PATH = '/sign-in';
export const JWKS_PATH = '/.well-known/jwks.json';
const DISCOVERY_PATH = '/.well-known/openid-configuration';
const MAX_BODY_BYTES = 4096;
/** A user id passed back on renewal: what this issuer hands out (`local-<uuid>`). */
const USER_ID_PATTERN = /^local-[0-9a-f-]{36}$/;

export interface LocalIssuerOptions {
  key: SigningKey;
  host?: string;
  port: number;
  /** Lifetime of the tokens it signs (default one hour, like Cognito's ID tokens). */
  tokenLifetimeSeconds?: number;
  /** Epoch ms (tests pin it). */
  now?: () => number;
}

class BadRequest extends Error {
  public override readonly name = 'BadRequest';
}

export class LocalIssuer {
  private readonly server: Server;
  private readonly host: string;
  private boundPort: number | undefined;

  public constructor(private readonly options: LocalIssuerOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        const status = error instanceof BadRequest ? 400 : 500;
        send(res, status, { message: error instanceof BadRequest ? error.message : 'Internal server error' });
      });
    });
  }

  /** `http://127.0.0.1:<port>`: the tokens' `iss`. */
  public get issuer(): string {
    if (this.boundPort === undefined) throw new Error('LocalIssuer: call listen() first');
    return `http://${this.host}:${this.boundPort}`;
  }

  public get jwksUrl(): string {
    return `${this.issuer}${JWKS_PATH}`;
  }

  public get signInUrl(): string {
    return `${this.issuer}${SIGN_IN_PATH}`;
  }

  public listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.host, () => {
        this.server.off('error', reject);
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve(this.boundPort);
      });
    });
  }

  public close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Signs an ID token for `name` (a fresh user id unless `userId` renews an earlier one). */
  public signIn(name: string, userId?: string): string {
    const nowSeconds = Math.floor((this.options.now ?? Date.now)() / 1000);
    return signIdToken(this.options.key, {
      issuer: this.issuer,
      audience: LOCAL_AUDIENCE,
      subject: userId ?? `local-${randomUUID()}`,
      name,
      issuedAt: nowSeconds,
      lifetimeSeconds: this.options.tokenLifetimeSeconds ?? 3600,
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://issuer.invalid').pathname;
    // The webapp signs in from another origin (its own port); the token is in the body, no cookies.
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader('Access-Control-Allow-Headers', 'content-type');
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && path === JWKS_PATH) return send(res, 200, publicJwks(this.options.key));
    if (req.method === 'GET' && path === DISCOVERY_PATH) {
      return send(res, 200, {
        issuer: this.issuer,
        jwks_uri: this.jwksUrl,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (path === SIGN_IN_PATH) {
      if (req.method !== 'POST') return send(res, 405, { message: 'POST {"name":"<display name>"}' });
      const { name, userId } = signInRequest(await readJson(req));
      return send(res, 200, { token: this.signIn(name, userId) });
    }
    send(res, 404, { message: 'Not found' });
  }
}

function signInRequest(body: unknown): { name: string; userId?: string } {
  const { name, userId } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (!isValidUserName(name)) {
    throw new BadRequest(
      'name must be 1-32 letters, digits, spaces, ".", "_" or "-", not starting or ending with a space',
    );
  }
  if (userId === undefined) return { name };
  if (typeof userId !== 'string' || !USER_ID_PATTERN.test(userId)) {
    throw new BadRequest('userId, when given, must be one this issuer handed out (local-<uuid>)');
  }
  return { name, userId };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(`the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new BadRequest('the body must be JSON: {"name":"<display name>"}');
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.destroy();
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
