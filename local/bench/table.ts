// Plain-text tables for the terminal: a header, a rule, and columns padded to their widest cell.
// Numbers are right-aligned so their digits line up.

export type Cell = string | number | undefined;

export interface TableOptions {
  /** Columns to left-align (by index); all others are right-aligned. */
  leftAligned?: readonly number[];
}

export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  options: TableOptions = {},
): string {
  const left = new Set(options.leftAligned ?? [0]);
  const text = (cell: Cell): string => (cell === undefined ? '–' : String(cell));
  const cells = [headers.map(text), ...rows.map((row) => headers.map((_, i) => text(row[i])))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] as string).length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, i) => (left.has(i) ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const [head, ...body] = cells as string[][];
  return [line(head as string[]), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** Milliseconds with precision that suits their size: 0.42, 8.3, 125, 12 345. */
export function ms(value: number | undefined): string | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  if (Math.abs(value) < 1) return value.toFixed(2);
  if (Math.abs(value) < 10) return value.toFixed(1);
  return Math.round(value).toLocaleString('en-US');
}

export function seconds(value: number | undefined, digits = 2): string | undefined {
  return value === undefined || !Number.isFinite(value) ? undefined : value.toFixed(digits);
}

export function rate(value: number | undefined): string | undefined {
  return value === undefined || !Number.isFinite(value)
    ? undefined
    : Math.round(value).toLocaleString('en-US');
}

export function times(value: number | undefined): string | undefined {
  return value === undefined || !Number.isFinite(value) ? undefined : `${value.toFixed(2)}×`;
}
