// Child-process entry: starts the SQS emulator on $PORT (0 = free) and reports
// {"endpoint","port","startupMs"} (or {"error","code"}) as one JSON line; stops on SIGTERM.
import { startSqsEmulator } from '../../../../src/resources';

startSqsEmulator({ port: Number(process.env['PORT'] ?? '0') }).then(
  (emulator) => {
    process.stdout.write(
      `${JSON.stringify({ endpoint: emulator.endpoint, port: emulator.port, startupMs: emulator.startupMs })}\n`,
    );
    process.once('SIGTERM', () => {
      void emulator.stop().finally(() => process.exit(0));
    });
  },
  (error: Error & { code?: string }) => {
    process.stdout.write(`${JSON.stringify({ error: error.message, code: error.code, name: error.name })}\n`);
    process.exit(1);
  },
);
