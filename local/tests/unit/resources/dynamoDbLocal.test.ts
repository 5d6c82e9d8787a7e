// Starts the real DynamoDB Local (Java) and checks that no JVM survives: not after stop(), not when
// the process that started it is terminated, not even when that process is SIGKILLed.
import { type Server, createServer } from 'node:net';

import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

import { PortInUseError, freePort, localDynamoDbClient, startDynamoDbLocal } from '../../../src/resources';
import { dynamoDbLocalRunsOn, eventually, isAlive, runChildScript, stopChild } from './support/childScript';

jest.setTimeout(120_000);

describe('startDynamoDbLocal', () => {
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
