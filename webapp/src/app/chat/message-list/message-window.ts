// Windowing for the message list. Rows take the height of their text, so a row's place follows
// from the heights of the rows above it: measured ones from a cache, the rest estimated as the
// mean of those measured. Only the rows in view (plus a little overscan) are in the DOM, however
// long the history grows. Estimates are corrected as rows are measured, which moves every row
// below; the scroll anchor (a row and how far the viewport's top sits into it) is what keeps the
// reader's place through those corrections and through older pages prepended above.

/** Used for rows before any is measured: one line of text with its sender line. */
export const ESTIMATED_ROW_PX = 56;
export const OVERSCAN_ROWS = 6;

export interface RowWindow {
  /** Index of the first rendered row. */
  readonly first: number;
  /** One past the last rendered row. */
  readonly end: number;
}

export interface ScrollAnchor {
  /** Key of the row at the viewport's top edge. */
  readonly key: string;
  /** How far the viewport's top is below that row's top. */
  readonly offsetPx: number;
}

/** Measured row heights by row key. */
export class RowHeights {
  private readonly measured = new Map<string, number>();
  private sum = 0;

  /** Records a row's height; false when it is what was known (nothing to re-layout). */
  set(key: string, height: number): boolean {
    const known = this.measured.get(key);
    if (known !== undefined && Math.abs(known - height) < 0.5) {
      return false;
    }
    this.sum += height - (known ?? 0);
    this.measured.set(key, height);
    return true;
  }

  get(key: string): number | undefined {
    return this.measured.get(key);
  }

  /** The height assumed for a row not measured yet. */
  estimate(): number {
    return this.measured.size === 0 ? ESTIMATED_ROW_PX : this.sum / this.measured.size;
  }

  /** Text wraps differently at another width: every height known is stale. */
  clear(): void {
    this.measured.clear();
    this.sum = 0;
  }
}

/** `offsets[i]` is the top of row i and `offsets[keys.length]` the height of all rows. */
export function rowOffsets(keys: readonly string[], heights: RowHeights): number[] {
  const estimate = heights.estimate();
  const offsets = new Array<number>(keys.length + 1);
  let top = 0;
  offsets[0] = 0;
  keys.forEach((key, index) => {
    top += heights.get(key) ?? estimate;
    offsets[index + 1] = top;
  });
  return offsets;
}

/** Number of rows whose top is at or above `y` (rows are sorted by top, so a binary search). */
function rowsStartingBy(offsets: readonly number[], y: number, inclusive: boolean): number {
  let low = 0;
  let high = offsets.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const top = offsets[middle] ?? 0;
    if (inclusive ? top <= y : top < y) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

/** Index of the row that contains `y` (the last row below the end, the first above the start). */
export function rowAt(offsets: readonly number[], y: number): number {
  const rowCount = offsets.length - 1;
  return Math.max(0, Math.min(rowCount - 1, rowsStartingBy(offsets, y, true) - 1));
}

export function rowWindow(offsets: readonly number[], scrollTop: number, viewportHeight: number): RowWindow {
  const rowCount = offsets.length - 1;
  if (rowCount <= 0) {
    return { first: 0, end: 0 };
  }
  const top = Math.max(0, scrollTop);
  const firstVisible = rowAt(offsets, top);
  const visibleEnd = rowsStartingBy(offsets, top + Math.max(0, viewportHeight), false);
  return {
    first: Math.max(0, Math.min(rowCount, firstVisible - OVERSCAN_ROWS)),
    end: Math.min(rowCount, Math.max(visibleEnd, firstVisible + 1) + OVERSCAN_ROWS),
  };
}

/**
 * The row to keep in place: the one at the viewport's top when its height is known, else the
 * first measured one in view. An unmeasured row's place is only an estimate, and anchoring on it
 * would let the rows the reader sees move once it is measured.
 */
export function anchorAt(
  keys: readonly string[],
  offsets: readonly number[],
  heights: RowHeights,
  scrollTop: number,
  viewportHeight: number,
): ScrollAnchor | undefined {
  if (keys.length === 0) {
    return undefined;
  }
  const top = rowAt(offsets, Math.max(0, scrollTop));
  let index = top;
  while (index < keys.length && (offsets[index] ?? 0) < scrollTop + viewportHeight) {
    const key = keys[index];
    if (key !== undefined && heights.get(key) !== undefined) break;
    index += 1;
  }
  if (index >= keys.length || (offsets[index] ?? 0) >= scrollTop + viewportHeight) {
    index = top;
  }
  const key = keys[index];
  return key === undefined ? undefined : { key, offsetPx: scrollTop - (offsets[index] ?? 0) };
}

/** The scrollTop that puts the anchor row where it was; undefined when that row is gone. */
export function anchoredScrollTop(
  anchor: ScrollAnchor,
  keys: readonly string[],
  offsets: readonly number[],
): number | undefined {
  const index = keys.indexOf(anchor.key);
  return index < 0 ? undefined : (offsets[index] ?? 0) + anchor.offsetPx;
}
