// fauxqs is ESM-only and Jest runs tests as CommonJS (a dynamic import() needs
// --experimental-vm-modules there), so the emulator runs in a child Node process started with tsx,
// through the same startSqsEmulator() the local cloud uses in-process.
import { type Server, createServer } from 'node:net';

import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';

import { type ChildScript, runChildScript, stopChild } from './support/childScript';

jest.setTimeout(60_000);

describe('startSqsEmulator', () => {
  let emulator: ChildScript;
  let endpoint: string;
  let sqs: SQSClient;
  const savedEndpoint = process.env['AWS_ENDPOINT_URL_SQS'];

  beforeAll(async () => {
    emulator = runChildScript('sqsEmulatorProcess.ts', { PORT: '0' });
    const report = await emulator.report;
    endpoint = String(report['endpoint']);
    // Like a handler: default client config, endpoint from the SDK's standard env var.
    process.env['AWS_ENDPOINT_URL_SQS'] = endpoint;
    sqs = new SQSClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    if (savedEndpoint === undefined) delete process.env['AWS_ENDPOINT_URL_SQS'];
    else process.env['AWS_ENDPOINT_URL_SQS'] = savedEndpoint;
    sqs?.destroy();
    if (emulator) await stopChild(emulator);
  });

  it('listens on 127.0.0.1 and reports its start time', async () => {
    const report = await emulator.report;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(typeof report['startupMs']).toBe('number');
  });

  it('hands out queue URLs on its own endpoint, the shape the loader computes', async () => {
    const created = await sqs.send(new CreateQueueCommand({ QueueName: 'urls-test' }));
    expect(created.QueueUrl).toBe(`${endpoint}/000000000000/urls-test`);
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'urls-test' }))).QueueUrl).toBe(
      created.QueueUrl,
    );
    expect((await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'urls-' }))).QueueUrls).toEqual([
      created.QueueUrl,
    ]);
  });

  it('serves messages addressed by those URLs through an env-configured client', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'messages-test' }));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello' }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(received.Messages?.map((message) => message.Body)).toEqual(['hello']);
    // The SDK warns (and re-routes) when a QueueUrl's host differs from the endpoint: it must not.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('refuses a port in use, naming CHORUS_SQS_PORT', async () => {
    const server: Server = await new Promise((resolve) => {
      const listening = createServer().listen(0, '127.0.0.1', () => resolve(listening));
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const clash = runChildScript('sqsEmulatorProcess.ts', { PORT: String(port) });
      const report = await clash.report;
      expect(report).toMatchObject({ code: 'PORT_IN_USE', name: 'PortInUseError' });
      expect(String(report['error'])).toContain('CHORUS_SQS_PORT');
      await clash.exited;
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
