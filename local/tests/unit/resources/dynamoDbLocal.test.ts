// Starts the real DynamoDB Local (Java) and checks that no JVM survives: not after stop(), not when
// the process that started it is terminated, not even when that process is SIGKILLed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Server, connect, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';

import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

import {
  PortInUseError,
  dynamoDbLocalExitError,
  freePort,
  localDynamoDbClient,
  startDynamoDbLocal,
} from '../../../src/resources';
import { dynamoDbLocalRunsOn, eventually, isAlive, runChildScript, stopChild } from './support/childScript';

jest.setTimeout(120_000);

describe('dynamoDbLocalExitError', () => {
  it('tells a bind lost after the port check as PORT_IN_USE naming CHORUS_DYNAMODB_PORT', () => {
    // What the JVM printed in CI when a port picked free was taken before DynamoDB Local bound it.
    const output = [
      'Port:\t38927',
      'InMemory:\ttrue',
      'Exception in thread "main" java.net.BindException: Address already in use',
      '\tat java.base/sun.nio.ch.Net.bind0(Native Method)',
    ].join('\n');
    const error = dynamoDbLocalExitError(38927, output);
    expect(error).toBeInstanceOf(PortInUseError);
    expect(error).toMatchObject({ code: 'PORT_IN_USE' });
    expect(error.message).toContain('38927');
    expect(error.message).toContain('CHORUS_DYNAMODB_PORT');
  });

  it('tells any other exit as EMULATOR_START_FAILED with the output and the spawn error', () => {
    const error = dynamoDbLocalExitError(
      8000,
      '  Error: Could not find or load main class\n',
      new Error('spawn java EACCES'),
    );
    expect(error).toMatchObject({ code: 'EMULATOR_START_FAILED' });
    expect(error.message).toBe(
      'DynamoDB Local exited before answering on port 8000 (spawn java EACCES). Its output:\nError: Could not find or load main class',
    );
  });
});

describe('startDynamoDbLocal', () => {
  it('answers PORT_IN_USE, not a Java stack trace, when the port is taken while the JVM starts', async () => {
    const port = await freePort();
    const starting = startDynamoDbLocal({ port, inMemory: true });
    // Take the port as soon as the start's own check lets go of it (or before: the check then
    // says the same). The squatter hangs up on every connection, so the start's probe fails fast.
    const squatter = createServer((socket) => socket.destroy());
    for (;;) {
      const bound = await new Promise<boolean>((resolve) => {
        squatter.once('error', () => resolve(false));
        squatter.listen({ port, host: '127.0.0.1', exclusive: true }, () => resolve(true));
      });
      if (bound) break;
      await new Promise((wake) => setTimeout(wake, 2));
    }
    try {
      await expect(starting).rejects.toMatchObject({ code: 'PORT_IN_USE' });
      await expect(starting).rejects.toThrow('CHORUS_DYNAMODB_PORT');
      expect(dynamoDbLocalRunsOn(port)).toBe(false);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 60_000);

  it('starts in memory, answers ListTables, and stop() leaves no Java process', async () => {
    const port = await freePort();
    const dynamo = await startDynamoDbLocal({ port, inMemory: true });
    const client = localDynamoDbClient(dynamo.endpoint);
    try {
      expect(dynamo.endpoint).toBe(`http://127.0.0.1:${port}`);
      expect(dynamo.startupMs).toBeGreaterThan(0);
      expect(dynamoDbLocalRunsOn(port)).toBe(true);
      const tables = await client.send(new ListTablesCommand({}));
      expect(tables.TableNames).toEqual([]);
      // What handlers do: default config, endpoint from AWS_ENDPOINT_URL_DYNAMODB (set by the loader).
      const saved = process.env['AWS_ENDPOINT_URL_DYNAMODB'];
      process.env['AWS_ENDPOINT_URL_DYNAMODB'] = dynamo.endpoint;
      const fromEnv = new DynamoDBClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
      });
      try {
        expect((await fromEnv.send(new ListTablesCommand({}))).TableNames).toEqual([]);
      } finally {
        fromEnv.destroy();
        if (saved === undefined) delete process.env['AWS_ENDPOINT_URL_DYNAMODB'];
        else process.env['AWS_ENDPOINT_URL_DYNAMODB'] = saved;
      }
    } finally {
      client.destroy();
      await dynamo.stop();
    }
    expect(isAlive(dynamo.pid)).toBe(false);
    expect(dynamoDbLocalRunsOn(port)).toBe(false);
    await dynamo.stop(); // idempotent
  });

  it("listens on 127.0.0.1 only, not on the machine's other addresses", async () => {
    const port = await freePort();
    const dynamo = await startDynamoDbLocal({ port, inMemory: true });
    try {
      // The kernel's own table of listening sockets (state 0A): every one on this port is loopback.
      const listening = listeningAddresses(port);
      expect(listening.length).toBeGreaterThan(0);
      expect(listening).toEqual(listening.map(() => '127.0.0.1'));
      // And from the outside: the loopback address answers, every other address of this host refuses.
      expect(await canConnect('127.0.0.1', port)).toBe(true);
      for (const address of externalIPv4Addresses()) {
        expect({ address, connects: await canConnect(address, port) }).toEqual({ address, connects: false });
      }
      // Its working directory is its own: it leaves no metadata file where it was started from.
      expect(existsSync(join(process.cwd(), 'dynamodb-local-metadata.json'))).toBe(false);
    } finally {
      await dynamo.stop();
    }
  });

  it('refuses a port in use before starting Java, naming CHORUS_DYNAMODB_PORT', async () => {
    const server: Server = await new Promise((resolve) => {
      const listening = createServer().listen(0, '127.0.0.1', () => resolve(listening));
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const attempt = startDynamoDbLocal({ port, inMemory: true });
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toThrow('CHORUS_DYNAMODB_PORT');
      expect(dynamoDbLocalRunsOn(port)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.each([['SIGTERM' as const], ['SIGKILL' as const]])(
    'kills the JVM when the process that started it gets %s',
    async (signal) => {
      const port = await freePort();
      const parent = runChildScript('dynamoDbLocalProcess.ts', { PORT: String(port) });
      try {
        const report = await parent.report;
        const javaPid = Number(report['pid']);
        expect(isAlive(javaPid)).toBe(true);
        await stopChild(parent, signal);
        // SIGTERM: the signal handler kills it at once; SIGKILL: the watchdog notices within ~0.5 s.
        expect(await eventually(() => !isAlive(javaPid) && !dynamoDbLocalRunsOn(port), 15_000)).toBe(true);
      } finally {
        await stopChild(parent, 'SIGKILL');
      }
    },
  );
});

/** Local addresses of the sockets listening on `port`, from /proc/net/tcp and tcp6 (Linux). */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state !== '0A' || local === undefined || !local.endsWith(`:${hexPort}`)) continue;
      const hex = local.split(':')[0]!;
      // An IPv4-mapped IPv6 address (Java listens that way) carries the IPv4 word at its end.
      const ipv4 =
        hex.length === 8 ? hex : hex.startsWith('0000000000000000FFFF0000') ? hex.slice(24) : undefined;
      // IPv4 is one little-endian word; any other IPv6 address (the any-address too) stays hex.
      addresses.push(
        ipv4 === undefined
          ? hex
          : (ipv4.match(/../g) ?? [])
              .reverse()
              .map((byte) => parseInt(byte, 16))
              .join('.'),
      );
    }
  }
  return addresses;
}

function externalIPv4Addresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .filter((entry) => entry.family === 'IPv4' && !entry.internal)
    .map((entry) => entry.address);
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
