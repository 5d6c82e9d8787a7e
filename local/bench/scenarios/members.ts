// Fleet steps with a progress bar: open `count` sockets as one group, and join a group to a room.
import type { StepReport } from '../fleet/protocol';
import type { ScenarioContext } from './context';

/** One WebSocket handshake (the gateway's $connect Lambda included) may take this long under load. */
export const CONNECT_TIMEOUT_MS = 60_000;
/** One joinRoom → presence answer may take this long under load. */
export const JOIN_TIMEOUT_MS = 120_000;

export async function connectGroup(
  ctx: ScenarioContext,
  step: {
    group: string;
    url: string;
    /** The local cloud's sign-in (absent for the baseline server, which takes `?name=`). */
    signInUrl?: string;
    count: number;
    namePrefix: string;
    control?: boolean;
    label: string;
  },
): Promise<StepReport> {
  const fleet = await ctx.fleet();
  const bar = ctx.terminal.step(step.label, 'connections', step.count);
  const command = {
    kind: 'connect' as const,
    group: step.group,
    url: step.url,
    count: step.count,
    concurrency: ctx.options.connectChunk,
    namePrefix: step.namePrefix,
    ...(step.signInUrl === undefined ? {} : { signInUrl: step.signInUrl }),
    timeoutMs: CONNECT_TIMEOUT_MS,
    // Chorus members (not the baseline's, which has no idle timeout) ping when silent for long.
    ...(step.control === true ? { control: true } : { keepAlive: true }),
  };
  try {
    return await fleet.run(command, bar.update);
  } finally {
    bar.finish();
  }
}

export async function joinGroup(
  ctx: ScenarioContext,
  step: { group: string; roomId: string; count: number; label: string },
): Promise<StepReport> {
  const fleet = await ctx.fleet();
  const bar = ctx.terminal.step(step.label, 'joins', step.count);
  try {
    return await fleet.run(
      {
        kind: 'join',
        group: step.group,
        roomId: step.roomId,
        concurrency: ctx.options.joinChunk,
        timeoutMs: JOIN_TIMEOUT_MS,
      },
      bar.update,
    );
  } finally {
    bar.finish();
  }
}

/** "12 of 1,000 failed (first: …)" for a step that lost members, or undefined when none failed. */
export function stepFailure(what: string, report: StepReport, total: number): string | undefined {
  if (report.failed === 0 && report.done === total) return undefined;
  const first = report.errors[0] === undefined ? '' : ` (first: ${report.errors[0]})`;
  const stopped = report.aborted ? `, stopped after ${report.failed} failures` : '';
  return `${what}: ${total - report.done} of ${total.toLocaleString('en-US')} failed${stopped}${first}`;
}
