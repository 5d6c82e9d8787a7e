// Runs the real SDK client against a local HTTP server shaped like the @connections API, so URL
// building (stage kept, id percent-encoded) and error parsing are exercised without AWS.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApiGatewayConnectionGateway,
  createManagementApiClient,
} from '../../src/ApiGatewayConnectionGateway';
import { classifyPostError, httpStatusOf } from '../../src/ConnectionGateway';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  body: string;
  socket: unknown;
}

let server: http.Server;
let seen: Seen[] = [];
let respond: (res: http.ServerResponse) => void;

beforeAll(async () => {
  process.env['AWS_ACCESS_KEY_ID'] ??= 'test';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'test';
  process.env['AWS_REGION'] ??= 'us-east-1';
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        body: Buffer.concat(chunks).toString('utf8'),
        socket: req.socket,
      });
      respond(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  respond = (res) => res.writeHead(200).end();
});

function gateway() {
  const { port } = server.address() as AddressInfo;
  return new ApiGatewayConnectionGateway(createManagementApiClient(`http://127.0.0.1:${port}/local`, 4));
}

describe('ApiGatewayConnectionGateway', () => {
  it('POSTs the bytes to {endpoint}/@connections/{id} with the id percent-encoded', async () => {
    await gateway().post('abc=', Buffer.from('{"type":"message"}'));
    expect(seen).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/local/@connections/abc%3D',
        body: '{"type":"message"}',
      }),
    ]);
  });

  it('reuses one keep-alive socket for consecutive posts', async () => {
    const target = gateway();
    await target.post('a=', Buffer.from('1'));
    await target.post('b=', Buffer.from('2'));
    expect(seen).toHaveLength(2);
    expect(seen[0]?.socket).toBe(seen[1]?.socket);
  });

  it('surfaces a 410 as GoneException with $metadata.httpStatusCode, classified as gone', async () => {
    respond = (res) => res.writeHead(410, { 'x-amzn-ErrorType': 'GoneException' }).end('{"message":"gone"}');
    const error = await gateway()
      .post('gone=', Buffer.from('x'))
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe('GoneException');
    expect(httpStatusOf(error)).toBe(410);
    expect(classifyPostError(error)).toBe('gone');
    // The SDK's own retries are off: the worker owns the retry budget.
    expect(seen).toHaveLength(1);
  });

  it('does not retry a 429 inside the SDK', async () => {
    respond = (res) => res.writeHead(429, { 'x-amzn-ErrorType': 'LimitExceededException' }).end('{}');
    const error = await gateway()
      .post('busy=', Buffer.from('x'))
      .catch((caught: unknown) => caught);
    expect(classifyPostError(error)).toBe('throttled');
    expect(seen).toHaveLength(1);
  });

  it('classifies a real 410 with an empty body by its status', async () => {
    respond = (res) => res.writeHead(410).end();
    const error = await gateway()
      .post('gone=', Buffer.from('x'))
      .catch((caught: unknown) => caught);
    expect(classifyPostError(error)).toBe('gone');
  });
});
