// Progress of a long fleet step (connecting or joining thousands of members). On a terminal one
// bar is redrawn in place; elsewhere (CI logs) a plain line is printed every few seconds and at
// the end, so a log shows the rate without thousands of carriage returns.

export interface ProgressState {
  label: string;
  /** What one unit is, plural: "connections", "joins", "messages". */
  unit: string;
  done: number;
  failed: number;
  total: number;
  elapsedMs: number;
}

const BAR_WIDTH = 28;

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function stats(state: ProgressState): string {
  const percent = state.total > 0 ? Math.floor((100 * state.done) / state.total) : 100;
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(state.done / seconds) : 0;
  const failed = state.failed > 0 ? `, ${count(state.failed)} failed` : '';
  return `${count(state.done)}/${count(state.total)} ${state.unit} ${percent}%, ${count(rate)}/s, ${seconds.toFixed(1)} s${failed}`;
}

/** `join N=1000 [██████████░░░░░░] 612/1,000 joins 61%, 153/s, 4.0 s` */
export function renderProgressBar(state: ProgressState, width = BAR_WIDTH): string {
  const fraction = state.total > 0 ? Math.min(1, (state.done + state.failed) / state.total) : 1;
  const filled = Math.round(fraction * width);
  return `${state.label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${stats(state)}`;
}

/** `join N=1000: 612/1,000 joins 61%, 153/s, 4.0 s` */
export function renderProgressLine(state: ProgressState): string {
  return `${state.label}: ${stats(state)}`;
}

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/**
 * Draws one step's progress on `output`: in place on a TTY (at most every `ttyEveryMs`), as a
 * plain line every `plainEveryMs` otherwise; `finish` prints the final state on its own line.
 */
export class ProgressPrinter {
  private lastDrawn = -Infinity;
  private live = false;

  public constructor(
    private readonly output: ProgressOutput,
    private readonly now: () => number = () => performance.now(),
    private readonly ttyEveryMs = 100,
    private readonly plainEveryMs = 5_000,
  ) {}

  public update(state: ProgressState): void {
    const now = this.now();
    if (this.output.isTTY === true) {
      if (now - this.lastDrawn < this.ttyEveryMs) return;
      this.lastDrawn = now;
      this.live = true;
      this.output.write(`\r\x1b[2K${this.fit(renderProgressBar(state))}`);
      return;
    }
    // The first plain line comes one interval in: a step that ends sooner prints just its final line.
    if (this.lastDrawn === -Infinity) this.lastDrawn = now;
    if (now - this.lastDrawn < this.plainEveryMs) return;
    this.lastDrawn = now;
    this.output.write(`${renderProgressLine(state)}\n`);
  }

  public finish(state: ProgressState): void {
    if (this.output.isTTY === true) this.output.write(`\r\x1b[2K${this.fit(renderProgressBar(state))}\n`);
    else this.output.write(`${renderProgressLine(state)}\n`);
    this.live = false;
    this.lastDrawn = -Infinity;
  }

  /** Clears a bar drawn in place, so another line can be printed cleanly. */
  public clear(): void {
    if (this.live) this.output.write('\r\x1b[2K');
    this.live = false;
  }

  private fit(line: string): string {
    const columns = this.output.columns;
    return columns !== undefined && columns > 1 && line.length >= columns ? line.slice(0, columns - 1) : line;
  }
}
