import type { IncomingMessage } from 'node:http';
import { connectHeaders, traceId, upgradeProblem } from '../../../src/gateway/handshake';

const upgradeRequest = (headers: Record<string, string>, method = 'GET') =>
  ({ method, headers }) as unknown as IncomingMessage;

const validHeaders = () => ({
  upgrade: 'websocket',
  'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
  'sec-websocket-version': '13',
});

describe('upgradeProblem', () => {
  it('accepts a well-formed WebSocket upgrade', () => {
    expect(upgradeProblem(upgradeRequest(validHeaders()))).toBeUndefined();
  });

  it('names the status for malformed upgrades', () => {
    expect(upgradeProblem(upgradeRequest(validHeaders(), 'POST'))).toBe(405);
    expect(upgradeProblem(upgradeRequest({ ...validHeaders(), upgrade: 'h2c' }))).toBe(400);
    expect(upgradeProblem(upgradeRequest({ ...validHeaders(), 'sec-websocket-key': 'short' }))).toBe(400);
    expect(upgradeProblem(upgradeRequest({ ...validHeaders(), 'sec-websocket-version': '8' }))).toBe(426);
  });
});

describe('connectHeaders', () => {
  const added = { sourceIp: '10.0.0.9', port: 3001, proto: 'http', traceId: 'Root=1-x-y' };

  it('adds the trace id and forwarding headers after the client headers', () => {
    expect(connectHeaders([['Host', 'h']], added)).toEqual([
      ['Host', 'h'],
      ['X-Amzn-Trace-Id', 'Root=1-x-y'],
      ['X-Forwarded-For', '10.0.0.9'],
      ['X-Forwarded-Port', '3001'],
      ['X-Forwarded-Proto', 'http'],
    ]);
  });

  it('appends the source ip to a client X-Forwarded-For and replaces client-sent port/proto', () => {
    const headers = connectHeaders(
      [
        ['x-forwarded-for', '1.2.3.4'],
        ['X-Forwarded-Proto', 'https'],
      ],
      added,
    );
    expect(headers).toContainEqual(['X-Forwarded-For', '1.2.3.4, 10.0.0.9']);
    expect(headers.filter(([name]) => name.toLowerCase() === 'x-forwarded-proto')).toEqual([
      ['X-Forwarded-Proto', 'http'],
    ]);
  });

  it('makes X-Ray style trace ids', () => {
    expect(traceId(Date.UTC(2024, 0, 1))).toMatch(/^Root=1-659200[0-9a-f]{2}-[0-9a-f]{24}$/);
  });
});
