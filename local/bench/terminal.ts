// The bench's two outputs: stdout carries one line per scenario result (and the verdict), stderr
// carries progress and notes, so `npm run bench > results.txt` keeps just the results. A bar
// drawn in place is cleared before any other line is written.
import { ProgressPrinter, type ProgressOutput } from './progress';

export interface ProgressStep {
  update(done: number, failed: number, total: number): void;
  finish(): void;
}

export class Terminal {
  private readonly printer: ProgressPrinter;

  public constructor(
    private readonly stdout: ProgressOutput = process.stdout,
    private readonly stderr: ProgressOutput = process.stderr,
  ) {
    this.printer = new ProgressPrinter(stderr);
  }

  public result(line: string): void {
    this.printer.clear();
    this.stdout.write(`${line}\n`);
  }

  public note(line: string): void {
    this.printer.clear();
    this.stderr.write(`${line}\n`);
  }

  /** A progress bar (or periodic lines) for one step of `total` units. */
  public step(label: string, unit: string, total: number): ProgressStep {
    const started = performance.now();
    let state = { label, unit, done: 0, failed: 0, total, elapsedMs: 0 };
    return {
      update: (done, failed, newTotal) => {
        state = { ...state, done, failed, total: newTotal, elapsedMs: performance.now() - started };
        this.printer.update(state);
      },
      finish: () => this.printer.finish({ ...state, elapsedMs: performance.now() - started }),
    };
  }
}
