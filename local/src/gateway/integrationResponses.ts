// How API Gateway turns a Lambda proxy result into what the client sees: the handshake decision
// for $connect, the body of a two-way route, and the error frames it sends on its own.

/** The proxy result's statusCode, when the result is an object that has a numeric one. */
export function resultStatusCode(result: unknown): number | undefined {
  if (result === null || typeof result !== 'object') return undefined;
  const { statusCode } = result as { statusCode?: unknown };
  return typeof statusCode === 'number' ? statusCode : undefined;
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * What a two-way route sends back: the result's `body` (a string as is, anything else
 * JSON-stringified), a bare string result as is, and nothing when there is no body.
 */
export function resultBody(result: unknown): string | undefined {
  if (typeof result === 'string') return result;
  if (result === null || typeof result !== 'object') return undefined;
  const { body } = result as { body?: unknown };
  if (body === undefined || body === null) return undefined;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** A header of the proxy result, looked up case-insensitively. */
export function resultHeader(result: unknown, name: string): string | undefined {
  if (result === null || typeof result !== 'object') return undefined;
  const { headers } = result as { headers?: unknown };
  if (headers === null || typeof headers !== 'object') return undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower && (typeof value === 'string' || typeof value === 'number')) {
      return String(value);
    }
  }
  return undefined;
}

// The two frames below keep the spacing of the captured AWS frames: a space after the first colon only.

/** Sent when no route matches and there is no $default route; the connection stays open. */
export function forbiddenFrame(connectionId: string, requestId: string): string {
  return `{"message": "Forbidden", "connectionId":"${connectionId}", "requestId":"${requestId}"}`;
}

/** Sent when the integration throws, fails or times out; the connection stays open. */
export function internalServerErrorFrame(connectionId: string, requestId: string): string {
  return `{"message": "Internal server error", "connectionId":"${connectionId}", "requestId":"${requestId}"}`;
}

/** HTTP body of a handshake rejected because $connect failed (AWS answers 502). */
export const CONNECT_FAILED_BODY = '{"message": "Internal server error"}';
