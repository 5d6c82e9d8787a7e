// Every socket is a file descriptor: the client fleet holds one per member (plus the baseline's
// control socket) and the local cloud's gateway the other end. Before any scenario starts the
// bench checks the open-file limit; a soft limit below the need is raised up to the hard limit
// (by re-running the bench under `ulimit -n`), a hard limit below it fails with what to do.
import { execFileSync } from 'node:child_process';

/** Descriptors a Node process uses beside its sockets (stdio, IPC, libuv, DynamoDB/SQS clients). */
export const FD_RESERVE = 256;

export interface FdLimits {
  soft: number;
  hard: number;
}

export type FdPlan = { action: 'ok' } | { action: 'raise'; to: number } | { action: 'fail'; message: string };

/** Parses `ulimit -Sn; ulimit -Hn` output ("unlimited" counts as no bound). */
export function parseUlimitOutput(text: string): FdLimits {
  const values = text
    .trim()
    .split(/\s+/)
    .map((v) => (v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v)));
  if (values.length !== 2 || values.some((v) => !(v > 0)))
    throw new Error(`cannot read the open-file limit from ${JSON.stringify(text)}`);
  return { soft: values[0]!, hard: values[1]! };
}

export function readFdLimits(): FdLimits {
  return parseUlimitOutput(execFileSync('/bin/sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' }));
}

/** The limit each process needs to hold `sockets` sockets at once. */
export function fdNeed(sockets: number): number {
  return sockets + FD_RESERVE;
}

export function planFdLimit(limits: FdLimits, sockets: number): FdPlan {
  const need = fdNeed(sockets);
  if (limits.soft >= need) return { action: 'ok' };
  if (limits.hard >= need) return { action: 'raise', to: need };
  return {
    action: 'fail',
    message:
      `the bench needs ${need.toLocaleString('en-US')} open files per process for ${sockets.toLocaleString('en-US')} ` +
      `sockets (+${FD_RESERVE} reserve) but the hard limit is ${limits.hard.toLocaleString('en-US')} ` +
      `(ulimit -Hn). Raise it (e.g. \`ulimit -n ${need}\` as root, LimitNOFILE= for a systemd unit, ` +
      `or nofile in /etc/security/limits.conf) or run with smaller --sizes / --sustained-members.`,
  };
}
