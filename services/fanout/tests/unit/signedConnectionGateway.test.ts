// The lean PostToConnection client against a real HTTP server on port 0 shaped like the
// @connections API: the request it sends (path, headers, body), its SigV4 signature (the same one
// the SDK's ApiGatewayManagementApiClient computes for the same clock and credentials), how it
// classifies answers, and that it reuses keep-alive sockets.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { httpStatusOf } from '@chorus/lambda-kit';
import { classifyPostError } from '../../src/connectionGateway';
import { ManagementApiError } from '../../src/errors';
import { SignedConnectionGateway, encodeConnectionId, errorNameOf } from '../../src/signedConnectionGateway';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  socket: Socket;
}

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const SIGNING_DATE = new Date('2026-01-02T03:04:05.000Z');

let server: http.Server;
let seen: Seen[] = [];
let connections = 0;
let respond: (res: http.ServerResponse) => void;
const gateways: SignedConnectionGateway[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
        socket: req.socket,
      });
      respond(res);
    });
  });
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  connections = 0;
  respond = (res) => res.writeHead(200, { 'content-length': 0 }).end();
});

afterEach(() => {
  for (const gateway of gateways.splice(0)) gateway.destroy();
  server.closeAllConnections();
});

function endpoint(): string {
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}/local`;
}

function gateway(
  options: Partial<ConstructorParameters<typeof SignedConnectionGateway>[0]> = {},
): SignedConnectionGateway {
  const created = new SignedConnectionGateway({
    endpoint: endpoint(),
    region: 'eu-west-1',
    credentials: CREDENTIALS,
    inFlight: 4,
    now: () => SIGNING_DATE,
    ...options,
  });
  gateways.push(created);
  return created;
}

async function failureOf(post: Promise<void>): Promise<unknown> {
  try {
    await post;
  } catch (error) {
    return error;
  }
  throw new Error('expected the post to fail');
}

/** What the SDK client sends for the same post, with Date pinned to SIGNING_DATE. */
async function sdkRequest(connectionId: string, data: Buffer): Promise<Seen> {
  jest.useFakeTimers({
    now: SIGNING_DATE,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  const client = new ApiGatewayManagementApiClient({
    endpoint: endpoint(),
    region: 'eu-west-1',
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
  // The SDK signs its own bookkeeping headers too (user agent, invocation id, attempt count);
  // strip them before signing so both requests carry the same headers.
  type Middleware = Parameters<typeof client.middlewareStack.addRelativeTo>[0];
  type Args = { request: { headers: Record<string, string> } };
  const stripSdkHeaders = (next: (args: Args) => Promise<unknown>) => async (args: Args) => {
    for (const name of ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent', 'user-agent']) {
      delete args.request.headers[name];
    }
    return next(args);
  };
  client.middlewareStack.addRelativeTo(stripSdkHeaders as unknown as Middleware, {
    relation: 'before',
    toMiddleware: 'httpSigningMiddleware',
    name: 'stripSdkHeaders',
  });
  try {
    await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
  } finally {
    jest.useRealTimers();
    client.destroy();
  }
  return seen[seen.length - 1] as Seen;
}

describe('SignedConnectionGateway: the request', () => {
  it('POSTs the bytes to {endpoint}/@connections/{id} with the id encoded as the SDK does', async () => {
    const data = Buffer.from('{"type":"message","text":"héllo 👋"}');
    await gateway().post("ab+c/d=!'", data);
    expect(seen).toHaveLength(1);
    const [request] = seen as [Seen];
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/local/@connections/ab%2Bc%2Fd%3D%21%27');
    expect(request.body.equals(data)).toBe(true);
    expect(request.headers).toMatchObject({
      host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
      'content-type': 'application/octet-stream',
      'content-length': String(data.byteLength),
      'x-amz-date': '20260102T030405Z',
    });
    expect(encodeConnectionId('L0SM9cOFvHcCIhw=')).toBe('L0SM9cOFvHcCIhw%3D');
  });

  it('signs exactly as the SDK client does for the same clock and credentials', async () => {
    const data = Buffer.from('{"type":"message","text":"same bytes"}');
    await gateway().post('L0SM9cOFvHcCIhw=', data);
    const ours = seen[0] as Seen;
    const sdk = await sdkRequest('L0SM9cOFvHcCIhw=', data);
    expect(ours.url).toBe(sdk.url);
    expect(ours.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20260102\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(ours.headers['authorization']).toBe(sdk.headers['authorization']);
    expect(ours.headers['x-amz-content-sha256']).toBe(sdk.headers['x-amz-content-sha256']);
  });

  it('sends a signature that verifies against the request as received', async () => {
    const data = Buffer.from('verify me');
    await gateway().post('xyz=', data);
    const received = seen[0] as Seen;
    const verifier = new SignatureV4({
      service: 'execute-api',
      region: 'eu-west-1',
      credentials: CREDENTIALS,
      sha256: Hash.bind(null, 'sha256'),
    });
    const headers: Record<string, string> = {};
    for (const name of ['host', 'content-type', 'content-length'])
      headers[name] = String(received.headers[name]);
    const expected = await verifier.sign(
      {
        method: received.method,
        protocol: 'http:',
        hostname: '127.0.0.1',
        path: received.url,
        query: {},
        headers,
        body: received.body,
      },
      { signingDate: SIGNING_DATE },
    );
    expect(received.headers['authorization']).toBe(expected.headers['authorization']);
  });

  it('carries the session token of temporary (Lambda role) credentials', async () => {
    await gateway({ credentials: { ...CREDENTIALS, sessionToken: 'token-1' } }).post('a', Buffer.from('x'));
    expect(seen[0]?.headers['x-amz-security-token']).toBe('token-1');
    expect(seen[0]?.headers['authorization']).toContain('x-amz-security-token');
  });

  it('asks a credentials provider for every signature, so refreshed credentials are picked up', async () => {
    const provider = jest.fn(async () => CREDENTIALS);
    const target = gateway({ credentials: provider });
    await target.post('a', Buffer.from('1'));
    await target.post('b', Buffer.from('2'));
    expect(provider).toHaveBeenCalled();
    expect(seen).toHaveLength(2);
  });
});

describe('SignedConnectionGateway: answers', () => {
  const cases: Array<[string, number, Record<string, string>, ReturnType<typeof classifyPostError>]> = [
    ['410 GoneException', 410, { 'x-amzn-ErrorType': 'GoneException' }, 'gone'],
    ['410 without a header', 410, {}, 'gone'],
    ['429 LimitExceededException', 429, { 'x-amzn-ErrorType': 'LimitExceededException' }, 'throttled'],
    [
      '429 ThrottlingException',
      429,
      { 'x-amzn-ErrorType': 'ThrottlingException:http://internal' },
      'throttled',
    ],
    ['403 ForbiddenException', 403, { 'x-amzn-ErrorType': 'ForbiddenException' }, 'rejected'],
    ['413 PayloadTooLargeException', 413, { 'x-amzn-ErrorType': 'PayloadTooLargeException' }, 'rejected'],
    ['400 BadRequestException', 400, { 'x-amzn-ErrorType': 'BadRequestException' }, 'rejected'],
    [
      '500 InternalServerErrorException',
      500,
      { 'x-amzn-ErrorType': 'InternalServerErrorException' },
      'transient',
    ],
    ['503 without a header', 503, {}, 'transient'],
  ];

  it.each(cases)('classifies %s like the SDK error it replaces', async (_label, status, headers, kind) => {
    respond = (res) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end('{"message":"nope"}');
    const error = await failureOf(gateway().post('c=', Buffer.from('x')));
    expect(error).toBeInstanceOf(ManagementApiError);
    expect(httpStatusOf(error)).toBe(status);
    expect(classifyPostError(error)).toBe(kind);
    expect((error as Error).message).toBe('nope');
    // No retries inside the client: the worker owns the retry budget.
    expect(seen).toHaveLength(1);
  });

  it('names the error by x-amzn-ErrorType, up to its ":" suffix, else by status', () => {
    expect(errorNameOf(410, 'GoneException:http://internal.amazon.com/coral/')).toBe('GoneException');
    expect(errorNameOf(429, undefined)).toBe('LimitExceededException');
    expect(errorNameOf(403, [])).toBe('ForbiddenException');
    expect(errorNameOf(502, undefined)).toBe('InternalServerErrorException');
    expect(errorNameOf(418, undefined)).toBe('HttpError418');
  });

  it('treats a dropped connection (no status) as transient', async () => {
    respond = (res) => res.socket?.destroy();
    const error = await failureOf(gateway().post('d=', Buffer.from('x')));
    expect(httpStatusOf(error)).toBeUndefined();
    expect(classifyPostError(error)).toBe('transient');
  });

  it('gives up on a post that gets no answer, as transient', async () => {
    respond = () => undefined; // never answers
    const error = await failureOf(gateway({ requestTimeoutMs: 50 }).post('e=', Buffer.from('x')));
    expect((error as Error).name).toBe('TimeoutError');
    expect(classifyPostError(error)).toBe('transient');
  });
});

describe('SignedConnectionGateway: keep-alive', () => {
  it('reuses one socket for consecutive posts', async () => {
    const target = gateway();
    for (const id of ['a', 'b', 'c']) await target.post(id, Buffer.from(id));
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((request) => request.socket)).size).toBe(1);
    expect(connections).toBe(1);
  });

  it('opens at most inFlight sockets however many posts are pending, and reuses them', async () => {
    const target = gateway({ inFlight: 3 });
    await Promise.all(Array.from({ length: 30 }, (_, i) => target.post(`id${i}`, Buffer.from(String(i)))));
    expect(seen).toHaveLength(30);
    expect(connections).toBeLessThanOrEqual(3);
    // Error answers drain their body too, so the socket goes back to the pool.
    respond = (res) => res.writeHead(410, { 'x-amzn-ErrorType': 'GoneException' }).end('{"message":"gone"}');
    await Promise.all(Array.from({ length: 9 }, (_, i) => failureOf(target.post(`g${i}`, Buffer.from('x')))));
    expect(connections).toBeLessThanOrEqual(3);
  });
});
