// End to end through real worker threads: an SQS poller feeding the FunctionRuntime while its
// containers crash (fault injection) still gets every message processed; crashed batches come
// back after the visibility timeout.
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SqsPoller } from '../../../src/pollers/sqsPoller';
import { FunctionRuntime } from '../../../src/runtime/functionRuntime';
import { LOCAL_CREDENTIALS, REGION, startFauxqs, type RunningEmulator } from './support/emulators';
import { waitFor } from './support/fakeInvoker';

jest.setTimeout(90_000);

const FUNCTION = 'chorus-fixtures-test-appendBodies';

let fauxqs: RunningEmulator;
let sqs: SQSClient;
let workDir: string;
let runtime: FunctionRuntime;
let poller: SqsPoller | undefined;
let crashes = 0;

beforeAll(async () => {
  fauxqs = await startFauxqs();
  sqs = new SQSClient({ endpoint: fauxqs.endpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
  workDir = await mkdtemp(path.join(os.tmpdir(), 'chorus-crash-'));
  runtime = new FunctionRuntime({
    functions: [
      {
        qualifiedName: FUNCTION,
        handlerFile: path.join(__dirname, '../../fixtures/handlers/appendBodies.ts'),
        handlerExport: 'handler',
        environment: { OUTPUT_FILE: path.join(workDir, 'processed.txt') },
        timeoutSeconds: 5,
        memorySize: 256,
      },
    ],
    buildDir: path.join(workDir, 'build'),
    defaultConcurrency: 2,
    log: (line) => {
      if (line.includes('Runtime.ExitError')) crashes += 1;
    },
  });
  await runtime.start();
});

afterAll(async () => {
  await poller?.stop();
  await runtime?.stop();
  sqs?.destroy();
  await fauxqs?.stop();
  await rm(workDir, { recursive: true, force: true });
});

it('loses no message when containers crash mid-batch', async () => {
  const created = await sqs.send(
    new CreateQueueCommand({ QueueName: 'crashy', Attributes: { VisibilityTimeout: '1' } }),
  );
  const queueUrl = created.QueueUrl as string;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const bodies = Array.from({ length: 20 }, (_, i) => `message-${i}`);
  for (let start = 0; start < bodies.length; start += 10) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies.slice(start, start + 10).map((body, i) => ({ Id: String(i), MessageBody: body })),
      }),
    );
  }
  runtime.failNextInvocations(FUNCTION, 3);
  poller = new SqsPoller({
    functionName: FUNCTION,
    source: {
      queueArn: Attributes?.['QueueArn'] as string,
      queueName: 'crashy',
      batchSize: 4,
      maximumBatchingWindowSeconds: 0,
      reportBatchItemFailures: true,
      maximumConcurrency: 2,
      filterPatterns: [],
    },
    invoker: runtime,
    sqs,
    queueUrl,
    waitTimeSeconds: 1,
    log: () => undefined,
  });
  await poller.start();

  const processed = () => {
    const file = path.join(workDir, 'processed.txt');
    return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
  };
  await waitFor(() => new Set(processed()).size === bodies.length, 'every message to be processed', 30_000);
  expect([...new Set(processed())].sort()).toEqual([...bodies].sort());
  expect(crashes).toBe(3);
});
