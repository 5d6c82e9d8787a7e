// The storm test ↔ storm fleet protocol over the child-process IPC channel: every request has an
// `id` and gets one reply of that id. Plain JSON; the fleet keeps every socket and clock.

export interface SetupCommand {
  kind: 'setup';
  websocketUrl: string;
  signInUrl: string;
  clients: number;
  rooms: number;
  /** Sign-ins, handshakes and joins in flight at once while the fleet is built. */
  concurrency: number;
  /** Pause between one sender's messages. */
  sendIntervalMs: number;
}

/** Senders start; the reply comes once every client holds at least `warmup` messages. */
export interface StartSendingCommand {
  kind: 'start-sending';
  warmup: number;
  timeoutMs: number;
}

/** Waits until every client has dropped at least once and is back (joined and caught up). */
export interface AwaitRecoveryCommand {
  kind: 'await-recovery';
  timeoutMs: number;
}

/** Senders stop after their message in flight is acked; the reply counts what was acked. */
export interface StopSendingCommand {
  kind: 'stop-sending';
  timeoutMs: number;
}

/** Waits until every client shows every acked message of its room, then compares. */
export interface VerifyCommand {
  kind: 'verify';
  timeoutMs: number;
}

export interface CloseCommand {
  kind: 'close';
}

export type StormCommand =
  | SetupCommand
  | StartSendingCommand
  | AwaitRecoveryCommand
  | StopSendingCommand
  | VerifyCommand
  | CloseCommand;

export interface SetupReport {
  clients: number;
  seconds: number;
  failed: number;
  errors: string[];
}

export interface RecoveryReport {
  recovered: number;
  clients: number;
  /** Per second since the first drop: handshakes started, sockets opened, clients back in sync. */
  attemptsPerSecond: number[];
  opensPerSecond: number[];
  readyPerSecond: number[];
  /** Handshakes refused, timed out or failed, and joins / catch-ups that failed, during the storm. */
  failedAttempts: number;
  failureReasons: Record<string, number>;
  /** Highest backoff attempt any client reached. */
  maxAttempt: number;
  /** Messages acked between the first drop and the last client back. */
  ackedDuringStorm: number;
  /** Clients not back when the wait ended, with their state. */
  stuck: string[];
}

export interface VerifyReport {
  acked: number;
  /** Over all clients: acked messages of its room it does not show, and shown ones nobody acked. */
  missing: number;
  extra: number;
  /** Catch-up pages out of order or repeating an id within one catch-up. */
  historyProblems: string[];
  /** Copies delivered live for a message already shown (the protocol allows at-least-once). */
  liveDuplicates: number;
  liveCopies: number;
  fromHistory: number;
  /** A few clients' problems, verbatim. */
  samples: string[];
}

export interface StormReplies {
  setup: SetupReport;
  'start-sending': { acked: number };
  'await-recovery': RecoveryReport;
  'stop-sending': { acked: number; rooms: number };
  verify: VerifyReport;
  close: { closed: number };
}

export type StormRequest = { id: number; command: StormCommand };
export type StormEvent =
  | { type: 'ready'; pid: number }
  | { type: 'reply'; id: number; body: unknown }
  | { type: 'failure'; id: number; message: string };
