// Child-process entry: starts DynamoDB Local (in memory) on $PORT and reports {"pid","port"} as one
// JSON line, then idles. The test kills this process to prove the JVM does not outlive it.
import { startDynamoDbLocal } from '../../../../src/resources';

startDynamoDbLocal({ port: Number(process.env['PORT']), inMemory: true }).then(
  (dynamo) => {
    process.stdout.write(
      `${JSON.stringify({ pid: dynamo.pid, port: dynamo.port, startupMs: dynamo.startupMs })}\n`,
    );
    setInterval(() => undefined, 60_000);
  },
  (error: Error) => {
    process.stdout.write(`${JSON.stringify({ error: error.message })}\n`);
    process.exit(1);
  },
);
