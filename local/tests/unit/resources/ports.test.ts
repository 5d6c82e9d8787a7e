import { type Server, createServer } from 'node:net';

import {
  LOCAL_PORTS,
  PortInUseError,
  assertPortFree,
  ephemeralPortFloor,
  freePort,
  resolveLocalPort,
} from '../../../src/resources';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('ports', () => {
  let busy: Server;
  let busyPort: number;
  beforeAll(async () => {
    busy = await listen(0);
    const address = busy.address();
    busyPort = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(() => close(busy));

  it('freePort returns a port that can be bound', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    await close(await listen(port));
  });

  it('freePort picks below the ephemeral range, where outgoing connections and listen(0) never land', async () => {
    const low = ephemeralPortFloor();
    const picked = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of picked) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(low);
    }
    // Asked at once (as the local cloud asks for its five), no two get the same port.
    expect(new Set(picked).size).toBe(picked.length);
  });

  it('reads the ephemeral range from the kernel, else assumes the IANA dynamic range', () => {
    expect(ephemeralPortFloor(() => '32768\t60999\n')).toBe(32768);
    expect(ephemeralPortFloor(() => 'garbage')).toBe(49152);
    expect(
      ephemeralPortFloor(() => {
        throw new Error('ENOENT');
      }),
    ).toBe(49152);
  });

  it.each(Object.entries(LOCAL_PORTS))(
    'names the port and %s env var when it is in use',
    async (name, { envVar }) => {
      const attempt = assertPortFree(name as keyof typeof LOCAL_PORTS, busyPort);
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toMatchObject({ code: 'PORT_IN_USE', port: busyPort, envVar });
      await expect(attempt).rejects.toThrow(`Port ${busyPort}`);
      await expect(attempt).rejects.toThrow(`${envVar}=<port>`);
    },
  );

  it('accepts a free port', async () => {
    await expect(assertPortFree('sqs', await freePort())).resolves.toBeUndefined();
  });

  it('resolveLocalPort reads CHORUS_*_PORT, picks a free port for 0 and checks the result', async () => {
    const free = await freePort();
    await expect(resolveLocalPort('dynamodb', { CHORUS_DYNAMODB_PORT: String(free) })).resolves.toBe(free);
    const picked = await resolveLocalPort('gateway', { CHORUS_GATEWAY_PORT: '0' });
    expect(picked).toBeGreaterThan(0);
    await expect(resolveLocalPort('web', { CHORUS_WEB_PORT: String(busyPort) })).rejects.toMatchObject({
      envVar: 'CHORUS_WEB_PORT',
    });
    await expect(resolveLocalPort('sqs', { CHORUS_SQS_PORT: 'abc' })).rejects.toThrow('CHORUS_SQS_PORT=abc');
  });

  it('has the defaults of docs/local-cloud.md', () => {
    expect(
      Object.fromEntries(Object.entries(LOCAL_PORTS).map(([name, port]) => [name, port.defaultPort])),
    ).toEqual({
      dynamodb: 8000,
      sqs: 9324,
      gateway: 3001,
      web: 4200,
      issuer: 3002,
    });
  });
});
