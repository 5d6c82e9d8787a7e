// A fleet step over many members (connect, join): at most `concurrency` tasks in flight, a
// progress event at most every `everyMs` and at the end, and the step's curve for the report.
// After `abortAfter` failures no new task starts: a room that lost members is a failure already,
// and a server that stopped answering would otherwise cost one timeout per remaining member.
import type { StepReport } from './protocol';

export type ProgressSink = (done: number, failed: number, total: number) => void;

const MAX_ERRORS_KEPT = 5;

export async function runStep(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
  progress: ProgressSink,
  everyMs = 200,
  abortAfter = Math.max(10, concurrency),
): Promise<StepReport> {
  const started = performance.now();
  const report: StepReport = { done: 0, failed: 0, aborted: false, seconds: 0, errors: [], curve: [[0, 0]] };
  let lastEmit = started;
  const emit = (force: boolean): void => {
    const now = performance.now();
    if (!force && now - lastEmit < everyMs) return;
    lastEmit = now;
    report.curve.push([(now - started) / 1000, report.done]);
    progress(report.done, report.failed, total);
  };
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < total && !report.aborted) {
      const index = next;
      next += 1;
      try {
        await task(index);
        report.done += 1;
      } catch (error) {
        report.failed += 1;
        if (report.failed >= abortAfter) report.aborted = true;
        if (report.errors.length < MAX_ERRORS_KEPT)
          report.errors.push(`#${index}: ${error instanceof Error ? error.message : String(error)}`);
      }
      emit(false);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, total)) }, lane));
  report.seconds = (performance.now() - started) / 1000;
  emit(true);
  return report;
}
