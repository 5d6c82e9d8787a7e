// The HTTP side of a WebSocket upgrade before `ws` takes over: checking the request, answering a
// rejected handshake on the raw socket, and the headers API Gateway adds to the CONNECT event.
import { randomBytes } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** Why an upgrade request cannot become a WebSocket, as an HTTP status, or undefined when it can. */
export function upgradeProblem(req: IncomingMessage): number | undefined {
  if (req.method !== 'GET') return 405;
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return 400;
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || !/^[+/0-9A-Za-z]{22}==$/.test(key)) return 400;
  if (req.headers['sec-websocket-version'] !== '13') return 426;
  return undefined;
}

/** Writes an HTTP response instead of `101 Switching Protocols` and closes the socket. */
export function rejectHandshake(
  socket: Duplex,
  status: number,
  body = '',
  contentType = 'application/json',
): void {
  if (socket.destroyed) return;
  const payload = Buffer.from(body, 'utf8');
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    `Content-Type: ${contentType}`,
    `Content-Length: ${payload.length}`,
    ...(status === 426 ? ['Sec-WebSocket-Version: 13'] : []),
    '',
    '',
  ].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
}

/** The client's address as API Gateway reports it (IPv4-mapped IPv6 shown as plain IPv4). */
export function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

/** An X-Ray style trace header value: `Root=1-<8 hex epoch seconds>-<24 hex>`. */
export function traceId(epochMs: number): string {
  const seconds = Math.floor(epochMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${seconds}-${randomBytes(12).toString('hex')}`;
}

/**
 * The upgrade request's headers as header pairs plus what API Gateway's front end adds:
 * X-Amzn-Trace-Id, X-Forwarded-For (appended to any the client sent), -Port and -Proto.
 */
export function connectHeaders(
  pairs: ReadonlyArray<readonly [string, string]>,
  added: { sourceIp: string; port: number; proto: string; traceId: string },
): Array<[string, string]> {
  const forwardedNames = new Set([
    'x-forwarded-for',
    'x-forwarded-port',
    'x-forwarded-proto',
    'x-amzn-trace-id',
  ]);
  const clientForwardedFor = pairs.find(([name]) => name.toLowerCase() === 'x-forwarded-for')?.[1];
  return [
    ...pairs
      .filter(([name]) => !forwardedNames.has(name.toLowerCase()))
      .map(([n, v]): [string, string] => [n, v]),
    ['X-Amzn-Trace-Id', added.traceId],
    ['X-Forwarded-For', clientForwardedFor ? `${clientForwardedFor}, ${added.sourceIp}` : added.sourceIp],
    ['X-Forwarded-Port', String(added.port)],
    ['X-Forwarded-Proto', added.proto],
  ];
}
