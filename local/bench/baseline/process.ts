// The runner's handle on the baseline broadcast server process.
import { fork } from 'node:child_process';
import { join } from 'node:path';

export interface BaselineProcess {
  url: string;
  pid?: number;
  stop(): Promise<void>;
}

export function startBaselineProcess(cwd: string): Promise<BaselineProcess> {
  const child = fork(join(__dirname, 'main.ts'), [], {
    cwd,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.disconnect();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`the baseline server exited with ${code} before listening`)),
    );
    child.once('message', (event: { type: string; port: number }) => {
      if (event.type !== 'listening') return reject(new Error(`baseline server said ${event.type}`));
      const handle: BaselineProcess = { url: `ws://127.0.0.1:${event.port}`, stop };
      if (child.pid !== undefined) handle.pid = child.pid;
      resolve(handle);
    });
  });
}
