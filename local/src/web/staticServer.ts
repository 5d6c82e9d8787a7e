// Serves the built webapp the way the S3 + CloudFront hosting does: static files, `index.html` for
// any unknown path without a file extension (SPA fallback), and `/config.json` generated at start so
// the same build talks to whichever gateway this local cloud runs (no rebuild to change endpoints).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { LOCAL_CONNECT_SOURCES, contentSecurityPolicy } from './contentSecurityPolicy';

/** Sent with every page, as CloudFront sends the hosted app's (infra/webapp-hosting.yml). */
const PAGE_HEADERS = {
  'content-security-policy': contentSecurityPolicy(LOCAL_CONNECT_SOURCES),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface WebappConfig {
  websocketUrl: string;
  /** The local issuer's development sign-in (on AWS the webapp uses the OIDC provider instead). */
  signInUrl?: string;
}

export interface StaticServerOptions {
  /** Folder with the built webapp (`index.html` at its top). */
  root: string;
  config: WebappConfig;
  host?: string;
  port: number;
}

export class StaticWebServer {
  private readonly server: Server;
  private readonly root: string;

  public constructor(private readonly options: StaticServerOptions) {
    this.root = normalize(options.root);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`Internal error: ${(error as Error).message}`);
      });
    });
  }

  public listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host ?? '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  public close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('Method not allowed');
      return;
    }
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.json'], 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(this.options.config));
      return;
    }
    const file = await this.resolveFile(path);
    if (file === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found');
      return;
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    // Hashed bundles may be cached; index.html must not be, so a rebuild shows up on reload.
    const cache = file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600';
    res.writeHead(200, { ...PAGE_HEADERS, 'content-type': type, 'cache-control': cache });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  /** The file for a URL path, the SPA fallback for extension-less paths, or undefined. */
  private async resolveFile(urlPath: string): Promise<string | undefined> {
    const candidate = normalize(join(this.root, urlPath));
    if (candidate !== this.root && !candidate.startsWith(this.root + sep)) return undefined; // ../ escape
    if (await isFile(candidate)) return candidate;
    const index = join(candidate, 'index.html');
    if (await isFile(index)) return index;
    if (extname(urlPath) === '') {
      const fallback = join(this.root, 'index.html');
      if (await isFile(fallback)) return fallback;
    }
    return undefined;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
