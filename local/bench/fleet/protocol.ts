// The runner ↔ client fleet protocol over the child-process IPC channel. Every command carries an
// `id`; the fleet answers each with one `reply` (or `failure`) of that id, and may send `progress`
// events of that id before it. Plain JSON: nothing here holds a socket or a clock.
import type { DeliveryTally } from '../deliveries';

export interface ConnectCommand {
  kind: 'connect';
  /** The group (one room's members) the sockets belong to; a name the fleet has not used yet. */
  group: string;
  url: string;
  count: number;
  concurrency: number;
  /** Display names are `${namePrefix}${index}`. */
  namePrefix: string;
  /**
   * The local cloud's sign-in: each member signs in as its name and connects with `?token=`.
   * Without it (the baseline server) the name goes in the `name` query parameter.
   */
  signInUrl?: string;
  /** Also open one control socket at `${url}/control` (the baseline server's trigger). */
  control?: boolean;
  /**
   * Send a `ping` action from every member that has been silent for a while, as a real client
   * does: API Gateway closes a connection after 10 minutes without a data frame, and joining
   * 10,000 members can take longer than that.
   */
  keepAlive?: boolean;
  timeoutMs: number;
}

export interface JoinCommand {
  kind: 'join';
  group: string;
  roomId: string;
  concurrency: number;
  timeoutMs: number;
}

export interface PingCommand {
  kind: 'ping';
  group: string;
  count: number;
  timeoutMs: number;
}

/** Member 0 of the group sends one chat message; the reply comes when every member has it or on timeout. */
export interface SendCommand {
  kind: 'send';
  group: string;
  roomId: string;
  tag: string;
  text: string;
  series: string;
  timeoutMs: number;
}

/** The control socket sends `frame` (tagged `tag`) to the baseline server, which broadcasts it. */
export interface BroadcastCommand {
  kind: 'broadcast';
  group: string;
  tag: string;
  frame: string;
  series: string;
  timeoutMs: number;
}

export interface SustainRoom {
  group: string;
  roomId: string;
  senders: number;
}

/** Open-loop load: `rate` messages/s spread round-robin over rooms and their senders for `seconds`. */
export interface SustainCommand {
  kind: 'sustain';
  rooms: SustainRoom[];
  rate: number;
  seconds: number;
  textChars: number;
  tagPrefix: string;
  series: string;
  /** How long to wait after the last send for every copy. */
  drainTimeoutMs: number;
}

export interface CollectCommand {
  kind: 'collect';
  series: string;
}

export interface CloseCommand {
  kind: 'close';
  group: string;
}

export type FleetCommand =
  | ConnectCommand
  | JoinCommand
  | PingCommand
  | SendCommand
  | BroadcastCommand
  | SustainCommand
  | CollectCommand
  | CloseCommand;

export interface StepReport {
  done: number;
  failed: number;
  /** True when the step stopped early because too many tasks had failed. */
  aborted: boolean;
  seconds: number;
  /** The first few failures, verbatim. */
  errors: string[];
  /** (seconds since start, done) at every progress event: the curve of the step. */
  curve: Array<[number, number]>;
}

export interface SendReport {
  /** sendMessage → ack, ms (undefined when no ack came). */
  ackMs?: number;
  /** Send → first / last member's copy, ms. */
  firstMs?: number;
  lastMs?: number;
  complete: boolean;
  reached: number;
  members: number;
  refused?: string;
  /** The copy the sender itself received, verbatim: the frame the baseline replays. */
  frame?: string;
}

export interface SustainReport {
  sent: number;
  /** Send of the first message → send of the last, seconds. */
  sendSeconds: number;
  /** Send of the first message → the last copy received, seconds. */
  spanSeconds: number;
  drained: boolean;
  /** How far the schedule lagged behind its intended send times at worst, ms. */
  maxScheduleLagMs: number;
}

export interface CollectReport {
  tally: DeliveryTally;
  /** HDR histograms, compressed base64, microseconds. */
  latency: string;
  ack: string;
  timeline: number[];
  bucketMs: number;
  refusals: string[];
  /** Send of the series' first message → its last first-copy, ms. */
  spanMs: number;
  /** Chat copies whose clientMsgId the fleet never sent (any series). */
  unknownCopies: number;
  /** Sockets the servers closed while the bench still used them (any series). */
  unexpectedCloses: number;
}

export interface ReplyBodies {
  connect: StepReport;
  join: StepReport;
  ping: { rttMs: number[] };
  send: SendReport;
  broadcast: SendReport;
  sustain: SustainReport;
  collect: CollectReport;
  close: { closed: number };
}

export type FleetEvent =
  | { type: 'ready'; pid: number }
  | { type: 'progress'; id: number; done: number; failed: number; total: number }
  | { type: 'reply'; id: number; body: unknown }
  | { type: 'failure'; id: number; message: string };

export type FleetRequest = { id: number; command: FleetCommand };
