import {
  buildConnectEvent,
  buildDisconnectEvent,
  buildMessageEvent,
  formatRequestTime,
  headerMaps,
  queryMaps,
  rawHeaderPairs,
} from '../../../src/gateway/eventBuilders';

const api = () => ({
  apiId: 'dl7ptocha9',
  stage: 'local',
  domainName: 'dl7ptocha9.execute-api.us-east-1.amazonaws.com',
});
const connection = () => ({
  connectionId: 'R1kmxc2VNjMCFIA=',
  connectedAt: Date.UTC(2024, 0, 20, 11, 55, 8, 123),
  identity: { sourceIp: '10.1.2.3', userAgent: 'jest/1.0' },
});

describe('formatRequestTime', () => {
  it('formats epoch ms as Common Log Format in UTC', () => {
    expect(formatRequestTime(Date.UTC(2024, 0, 20, 11, 55, 8, 999))).toBe('20/Jan/2024:11:55:08 +0000');
    expect(formatRequestTime(Date.UTC(2025, 11, 3, 4, 5, 6))).toBe('03/Dec/2025:04:05:06 +0000');
  });
});

describe('headerMaps / queryMaps', () => {
  it('keeps header spelling, the last value in headers and all values in multiValueHeaders', () => {
    const pairs = rawHeaderPairs(['Host', 'h', 'X-Dup', 'a', 'X-Dup', 'b']);
    expect(headerMaps(pairs)).toEqual({
      headers: { Host: 'h', 'X-Dup': 'b' },
      multiValueHeaders: { Host: ['h'], 'X-Dup': ['a', 'b'] },
    });
  });

  it('decodes query parameters and leaves both maps out when there is no query string', () => {
    expect(queryMaps('?name=J%C3%BCrgen&x=1&x=2')).toEqual({
      queryStringParameters: { name: 'Jürgen', x: '2' },
      multiValueQueryStringParameters: { name: ['Jürgen'], x: ['1', '2'] },
    });
    expect(queryMaps('')).toBeUndefined();
    expect(queryMaps('?')).toBeUndefined();
  });
});

describe('buildConnectEvent', () => {
  it('has every CONNECT field, requestTimeEpoch equal to connectedAt and no messageId', () => {
    const event = buildConnectEvent({
      api: api(),
      connection: connection(),
      requestId: 'eHrdFcnvvHcCE-w=',
      headers: [
        ['Host', 'localhost:3001'],
        ['User-Agent', 'jest/1.0'],
      ],
      search: '?name=alice',
    });
    expect(event).toEqual({
      requestContext: {
        routeKey: '$connect',
        eventType: 'CONNECT',
        extendedRequestId: 'eHrdFcnvvHcCE-w=',
        requestId: 'eHrdFcnvvHcCE-w=',
        requestTime: '20/Jan/2024:11:55:08 +0000',
        requestTimeEpoch: connection().connectedAt,
        connectedAt: connection().connectedAt,
        messageDirection: 'IN',
        stage: 'local',
        domainName: 'dl7ptocha9.execute-api.us-east-1.amazonaws.com',
        apiId: 'dl7ptocha9',
        connectionId: 'R1kmxc2VNjMCFIA=',
        identity: { sourceIp: '10.1.2.3', userAgent: 'jest/1.0' },
      },
      headers: { Host: 'localhost:3001', 'User-Agent': 'jest/1.0' },
      multiValueHeaders: { Host: ['localhost:3001'], 'User-Agent': ['jest/1.0'] },
      queryStringParameters: { name: 'alice' },
      multiValueQueryStringParameters: { name: ['alice'] },
      isBase64Encoded: false,
    });
  });

  it('has no query maps without a query string', () => {
    const event = buildConnectEvent({
      api: api(),
      connection: connection(),
      requestId: 'x',
      headers: [],
      search: '',
    });
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('multiValueQueryStringParameters');
  });
});

describe('buildMessageEvent', () => {
  it('carries the body, the messageId and the route key, and no headers or query', () => {
    const request = { requestId: 'req', requestTimeEpoch: connection().connectedAt + 5000 };
    const event = buildMessageEvent({
      api: api(),
      connection: connection(),
      request,
      messageId: 'msg',
      routeKey: 'sendMessage',
      body: '{"action":"sendMessage"}',
    });
    expect(event.requestContext).toMatchObject({
      routeKey: 'sendMessage',
      eventType: 'MESSAGE',
      messageId: 'msg',
      requestId: 'req',
      extendedRequestId: 'req',
      requestTimeEpoch: request.requestTimeEpoch,
      requestTime: '20/Jan/2024:11:55:13 +0000',
      connectedAt: connection().connectedAt,
    });
    expect(event.body).toBe('{"action":"sendMessage"}');
    expect(event.isBase64Encoded).toBe(false);
    expect(Object.keys(event).sort()).toEqual(['body', 'isBase64Encoded', 'requestContext']);
  });
});

describe('buildDisconnectEvent', () => {
  it('has the close code and reason and the fixed header set, and no messageId or body', () => {
    const event = buildDisconnectEvent({
      api: api(),
      connection: connection(),
      request: { requestId: 'req', requestTimeEpoch: connection().connectedAt + 1 },
      host: 'localhost:3001',
      statusCode: 1001,
      reason: 'Going away',
    });
    expect(event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      disconnectStatusCode: 1001,
      disconnectReason: 'Going away',
    });
    expect(event.requestContext).not.toHaveProperty('messageId');
    expect(event.headers).toEqual({
      Host: 'localhost:3001',
      'x-api-key': '',
      'X-Forwarded-For': '10.1.2.3',
      'x-restapi': '',
    });
    expect(event.multiValueHeaders).toEqual({
      Host: ['localhost:3001'],
      'x-api-key': [''],
      'X-Forwarded-For': ['10.1.2.3'],
      'x-restapi': [''],
    });
    expect(event).not.toHaveProperty('body');
  });
});
