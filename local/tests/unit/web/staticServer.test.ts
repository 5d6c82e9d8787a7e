import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_CONNECT_SOURCES, contentSecurityPolicy } from '../../../src/web/contentSecurityPolicy';
import { StaticWebServer } from '../../../src/web/staticServer';

describe('StaticWebServer', () => {
  let root: string;
  let server: StaticWebServer;
  let base: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'chorus-web-'));
    await writeFile(join(root, 'index.html'), '<app-root></app-root>');
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'main-ABC.js'), 'console.log(1)');
    await writeFile(join(tmpdir(), 'chorus-secret.txt'), 'secret');
    server = new StaticWebServer({ root, port: 0, config: { websocketUrl: 'ws://127.0.0.1:9/local' } });
    base = `http://127.0.0.1:${await server.listen()}`;
  });

  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves the runtime config the webapp reads at start', async () => {
    const res = await fetch(`${base}/config.json`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ websocketUrl: 'ws://127.0.0.1:9/local' });
  });

  it('sends the webapp Content-Security-Policy and security headers with pages and bundles', async () => {
    for (const path of ['/', '/main-ABC.js', '/rooms/lobby']) {
      const res = await fetch(`${base}${path}`);
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy(LOCAL_CONNECT_SOURCES));
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('serves files with their content type', async () => {
    const res = await fetch(`${base}/main-ABC.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('falls back to index.html for app routes but not for missing assets', async () => {
    const route = await fetch(`${base}/rooms/lobby`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('app-root');
    expect((await fetch(`${base}/missing.js`)).status).toBe(404);
  });

  it('never serves files outside its root', async () => {
    const res = await fetch(`${base}/..%2Fchorus-secret.txt`);
    expect(res.status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
  });
});
