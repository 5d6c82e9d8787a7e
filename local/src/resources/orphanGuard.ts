// Keeps an emulator child process from outliving the local cloud. Three layers:
//  1. `exit` of this process sends the child SIGTERM synchronously (the JVM closes its data files);
//  2. SIGINT/SIGTERM/SIGHUP do the same, then re-raise the signal if nobody else handles it, so
//     the default "terminate" behaviour is kept;
//  3. a tiny detached watchdog process polls our pid and kills the child if we vanish without
//     running any handler (SIGKILL, a crashed Jest worker). Linux has PR_SET_PDEATHSIG for this,
//     but Node does not expose it. It also escalates to SIGKILL if the child ignores SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const WATCHDOG_SOURCE = `
const [parent, child] = process.argv.slice(1).map(Number);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
setInterval(() => {
  if (!alive(child)) process.exit(0);
  if (!alive(parent)) {
    try { process.kill(child, 'SIGTERM'); } catch {}
    setTimeout(() => { try { process.kill(child, 'SIGKILL'); } catch {} process.exit(0); }, 3000);
  }
}, 500);
`;

export interface OrphanGuard {
  /** Removes the handlers and stops the watchdog (call once the child has been stopped). */
  release(): void;
}

export function guardChildProcess(child: ChildProcess): OrphanGuard {
  const pid = child.pid;
  if (pid === undefined) return { release: () => undefined };
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killNow();
    process.removeListener(signal, onSignal);
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.on('exit', killNow);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG_SOURCE, String(process.pid), String(pid)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return {
    release() {
      process.removeListener('exit', killNow);
      for (const signal of SIGNALS) process.removeListener(signal, onSignal);
      if (watchdog.exitCode === null) watchdog.kill('SIGKILL');
    },
  };
}
