import { createPublicKey, createVerify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey, type Jwks } from '@chorus/dev-auth';
import { LOCAL_AUDIENCE, LocalIssuer, loadOrCreateSigningKey } from '../../../src/issuer';

const issuers: LocalIssuer[] = [];
afterEach(async () => {
  for (const issuer of issuers.splice(0)) await issuer.close();
});

async function startIssuer(now = () => 1_764_000_000_000): Promise<LocalIssuer> {
  const issuer = new LocalIssuer({ key: generateSigningKey('k1'), port: 0, now, tokenLifetimeSeconds: 600 });
  await issuer.listen();
  issuers.push(issuer);
  return issuer;
}

function decode(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function signIn(issuer: LocalIssuer, body: unknown): Promise<Response> {
  return fetch(issuer.signInUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('LocalIssuer', () => {
  it('answers POST {"name"} with an ID token its JWKS verifies', async () => {
    const issuer = await startIssuer();
    const response = await signIn(issuer, { name: 'ada' });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await response.json()) as { token: string };
    expect(Object.keys(body)).toEqual(['token']);

    const [head, payload, signature] = body.token.split('.') as [string, string, string];
    expect(decode(payload)).toEqual({
      iss: issuer.issuer,
      aud: LOCAL_AUDIENCE,
      sub: expect.stringMatching(/^local-[0-9a-f-]{36}$/),
      name: 'ada',
      token_use: 'id',
      iat: 1_764_000_000,
      exp: 1_764_000_600,
    });
    const jwks = (await (await fetch(issuer.jwksUrl)).json()) as Jwks;
    const jwk = jwks.keys.find((key) => key.kid === decode(head)['kid'])!;
    const publicKey = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
    const valid = createVerify('RSA-SHA256')
      .update(`${head}.${payload}`)
      .verify(publicKey, Buffer.from(signature, 'base64url'));
    expect(valid).toBe(true);
  });

  it('gives two sign-ins with the same name different user ids, and renews one on request', async () => {
    const issuer = await startIssuer();
    const sub = async (body: unknown) =>
      decode(((await (await signIn(issuer, body)).json()) as { token: string }).token.split('.')[1]!)['sub'];
    const first = await sub({ name: 'ada' });
    expect(await sub({ name: 'ada' })).not.toBe(first);
    expect(await sub({ name: 'ada', userId: first })).toBe(first);
  });

  it.each([
    ['no name', {}],
    ['an invalid name', { name: '<b>ada</b>' }],
    ['a foreign user id', { name: 'ada', userId: 'someone-else' }],
    ['a body that is not JSON', 'name=ada'],
  ])('refuses %s with 400', async (_label, body) => {
    const issuer = await startIssuer();
    const response = await signIn(issuer, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: expect.any(String) });
  });

  it('answers the CORS preflight of the webapp', async () => {
    const issuer = await startIssuer();
    const response = await fetch(issuer.signInUrl, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
  });
});

describe('loadOrCreateSigningKey', () => {
  it('makes the key at the first start (owner-only) and reads the same one afterwards', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chorus-issuer-'));
    try {
      const file = join(dir, 'nested', 'issuer-key.json');
      const first = await loadOrCreateSigningKey(file);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const second = await loadOrCreateSigningKey(file);
      expect(second.kid).toBe(first.kid);
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ kid: first.kid, kty: 'RSA' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
