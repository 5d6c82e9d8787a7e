import { ProgressPrinter, renderProgressBar, renderProgressLine } from '../../../bench/progress';

const state = { label: 'join N=1,000', unit: 'joins', done: 250, failed: 0, total: 1000, elapsedMs: 5000 };

function fakeOutput(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  return {
    writes,
    output: { isTTY, ...(columns === undefined ? {} : { columns }), write: (t: string) => writes.push(t) },
  };
}

describe('progress rendering', () => {
  it('draws a bar with counts, percent, rate and elapsed time', () => {
    expect(renderProgressBar(state, 8)).toBe('join N=1,000 [██░░░░░░] 250/1,000 joins 25%, 50/s, 5.0 s');
    expect(renderProgressLine(state)).toBe('join N=1,000: 250/1,000 joins 25%, 50/s, 5.0 s');
  });

  it('fills the bar with failures too, and names them', () => {
    expect(renderProgressBar({ ...state, done: 500, failed: 500 }, 4)).toBe(
      'join N=1,000 [████] 500/1,000 joins 50%, 100/s, 5.0 s, 500 failed',
    );
  });

  it('copes with nothing to do and no time elapsed', () => {
    expect(renderProgressBar({ ...state, done: 0, total: 0, elapsedMs: 0 }, 2)).toBe(
      'join N=1,000 [██] 0/0 joins 100%, 0/s, 0.0 s',
    );
  });
});

describe('ProgressPrinter', () => {
  it('redraws in place on a TTY, at most every interval, and ends the line on finish', () => {
    let now = 0;
    const { writes, output } = fakeOutput(true);
    const printer = new ProgressPrinter(output, () => now, 100, 5000);
    printer.update(state);
    now = 50;
    printer.update({ ...state, done: 300 });
    now = 150;
    printer.update({ ...state, done: 400 });
    printer.finish({ ...state, done: 1000 });
    expect(writes).toHaveLength(3);
    expect(writes.every((w) => w.startsWith('\r\x1b[2K'))).toBe(true);
    expect(writes[1]).toContain('400/1,000');
    expect(writes[2]).toMatch(/1,000\/1,000 joins 100%.*\n$/);
  });

  it('writes plain lines every few seconds when not a TTY, and only the final one for a short step', () => {
    let now = 0;
    const { writes, output } = fakeOutput(false);
    const printer = new ProgressPrinter(output, () => now, 100, 5000);
    printer.update(state);
    now = 4000;
    printer.update(state);
    expect(writes).toEqual([]);
    now = 5000;
    printer.update({ ...state, done: 500 });
    printer.finish({ ...state, done: 1000 });
    expect(writes).toEqual([
      'join N=1,000: 500/1,000 joins 50%, 100/s, 5.0 s\n',
      'join N=1,000: 1,000/1,000 joins 100%, 200/s, 5.0 s\n',
    ]);
    expect(writes.join('')).not.toContain('\r');
  });

  it('clears a live bar before other output, and never wider than the terminal', () => {
    const { writes, output } = fakeOutput(true, 20);
    const printer = new ProgressPrinter(output, () => 0);
    printer.update(state);
    expect(writes[0]!.length).toBe('\r\x1b[2K'.length + 19);
    printer.clear();
    printer.clear();
    expect(writes.slice(1)).toEqual(['\r\x1b[2K']);
  });
});
