import {
  forbiddenFrame,
  internalServerErrorFrame,
  resultBody,
  resultHeader,
  resultStatusCode,
} from '../../../src/gateway/integrationResponses';

describe('integration results', () => {
  it('reads a numeric statusCode only', () => {
    expect(resultStatusCode({ statusCode: 401 })).toBe(401);
    expect(resultStatusCode({ statusCode: '401' })).toBeUndefined();
    expect(resultStatusCode('text')).toBeUndefined();
    expect(resultStatusCode(undefined)).toBeUndefined();
  });

  it('sends a string body as is, other bodies JSON-stringified, a bare string result as is', () => {
    expect(resultBody({ statusCode: 200, body: '{"type":"pong"}' })).toBe('{"type":"pong"}');
    expect(resultBody({ statusCode: 200, body: { type: 'pong' } })).toBe('{"type":"pong"}');
    expect(resultBody('plain')).toBe('plain');
    expect(resultBody({ statusCode: 200 })).toBeUndefined();
    expect(resultBody(null)).toBeUndefined();
  });

  it('finds headers case-insensitively', () => {
    expect(resultHeader({ headers: { 'sec-websocket-protocol': 'v1' } }, 'Sec-WebSocket-Protocol')).toBe(
      'v1',
    );
    expect(resultHeader({ headers: {} }, 'x')).toBeUndefined();
  });
});

describe('gateway error frames', () => {
  it('match the captured AWS text, a space after the first colon only', () => {
    expect(forbiddenFrame('XDmENcnwIE0CFEQ=', 'XDmGEE2RoE0FRdQ=')).toBe(
      '{"message": "Forbidden", "connectionId":"XDmENcnwIE0CFEQ=", "requestId":"XDmGEE2RoE0FRdQ="}',
    );
    const frame = internalServerErrorFrame('c', 'r');
    expect(JSON.parse(frame)).toEqual({
      message: 'Internal server error',
      connectionId: 'c',
      requestId: 'r',
    });
  });
});
