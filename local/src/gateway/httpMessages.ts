// Small HTTP helpers shared by the management and admin APIs: bounded body reading and the error
// shape the AWS SDK v3 recognises (`x-amzn-ErrorType` header, JSON body).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Error type names per status, as in the ApiGatewayManagementApi model. */
const ERROR_TYPES: Record<number, string> = {
  400: 'BadRequestException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  410: 'GoneException',
  413: 'PayloadTooLargeException',
  429: 'LimitExceededException',
  500: 'InternalServerErrorException',
  502: 'BadGatewayException',
  503: 'ServiceUnavailableException',
  504: 'GatewayTimeoutException',
};

export function errorTypeFor(status: number): string {
  return ERROR_TYPES[status] ?? (status >= 500 ? 'InternalServerErrorException' : 'BadRequestException');
}

export interface ReadBody {
  bytes: Buffer;
  /** True when the body was longer than the limit; `bytes` then holds only the first part. */
  tooLarge: boolean;
}

/** Reads a request body, keeping at most `limit` bytes but draining the rest so the client can read our answer. */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve({ bytes: Buffer.concat(chunks), tooLarge: size > limit }));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(text);
}

/** An AWS-style error: the SDK reads the type from `x-amzn-ErrorType` and the message from the body. */
export function sendAwsError(res: ServerResponse, status: number, message: string): void {
  const text = JSON.stringify({ message });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-ErrorType': errorTypeFor(status),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': 0, 'x-amzn-RequestId': randomUUID() });
  res.end();
}
