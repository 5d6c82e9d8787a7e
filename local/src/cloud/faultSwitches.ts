// Fault switches read once at start from the environment (the admin API flips them at run time):
//   CHORUS_FAULT_CRASH_PROBABILITY=p            every invocation crashes its container with chance p
//   CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS=n     VisibilityTimeout of every local queue
// The second exists for crash tests: serverless.yml gives the delivery queue 200 s (Lambda wants
// ≥ 6 × the function timeout), so a job held by a crashed worker would return only after 200 s.
// Shortening it keeps the redelivery path exactly as in AWS, only sooner; the price is that an
// invocation slower than n seconds is delivered twice (at-least-once either way).
import type { QueueDefinition } from '../definitions';
import { FunctionFaultError, parseProbability } from './functionFaults';
import { UsageError } from './options';

export const CRASH_PROBABILITY_ENV = 'CHORUS_FAULT_CRASH_PROBABILITY';
export const VISIBILITY_TIMEOUT_ENV = 'CHORUS_SQS_VISIBILITY_TIMEOUT_SECONDS';
/** SQS's own bounds for VisibilityTimeout. */
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

export interface StartupFaults {
  crashProbability: number;
  /** Replaces every queue's VisibilityTimeout when set. */
  queueVisibilityTimeoutSeconds?: number;
}

type Env = Record<string, string | undefined>;

export function readStartupFaults(env: Env): StartupFaults {
  const faults: StartupFaults = { crashProbability: 0 };
  const probability = env[CRASH_PROBABILITY_ENV];
  if (probability !== undefined && probability !== '') {
    try {
      faults.crashProbability = parseProbability(probability, CRASH_PROBABILITY_ENV);
    } catch (error) {
      if (error instanceof FunctionFaultError) throw new UsageError(error.message);
      throw error;
    }
  }
  const visibility = env[VISIBILITY_TIMEOUT_ENV];
  if (visibility !== undefined && visibility !== '') {
    const seconds = Number(visibility);
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_VISIBILITY_TIMEOUT_SECONDS) {
      throw new UsageError(
        `${VISIBILITY_TIMEOUT_ENV}=${visibility} must be a whole number of seconds from 0 to ${MAX_VISIBILITY_TIMEOUT_SECONDS}`,
      );
    }
    faults.queueVisibilityTimeoutSeconds = seconds;
  }
  return faults;
}

/** The queues with VisibilityTimeout replaced (unchanged when no override is set). */
export function withVisibilityTimeout(
  queues: readonly QueueDefinition[],
  seconds: number | undefined,
): QueueDefinition[] {
  if (seconds === undefined) return [...queues];
  return queues.map((queue) => ({
    ...queue,
    attributes: { ...queue.attributes, VisibilityTimeout: String(seconds) },
  }));
}
