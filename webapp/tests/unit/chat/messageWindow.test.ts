import {
  ESTIMATED_ROW_PX,
  OVERSCAN_ROWS,
  RowHeights,
  anchorAt,
  anchoredScrollTop,
  rowAt,
  rowOffsets,
  rowWindow,
} from '../../../src/app/chat/message-list/message-window';

const ROW_HEIGHT_PX = 72;

function keys(count: number, prefix = 'm'): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index}`);
}

/** Offsets of `count` rows all measured at `height`. */
function uniform(count: number, height = ROW_HEIGHT_PX): number[] {
  const heights = new RowHeights();
  const rowKeys = keys(count);
  rowKeys.forEach((key) => heights.set(key, height));
  return rowOffsets(rowKeys, heights);
}

describe('rowWindow', () => {
  const viewport = 10 * ROW_HEIGHT_PX;

  it('renders the rows in view plus overscan, not the whole history', () => {
    const window = rowWindow(uniform(500), 200 * ROW_HEIGHT_PX, viewport);
    expect(window).toEqual({ first: 200 - OVERSCAN_ROWS, end: 210 + OVERSCAN_ROWS });
    expect(window.end - window.first).toBeLessThan(500);
  });

  it('clamps at the top and at the bottom', () => {
    expect(rowWindow(uniform(500), 0, viewport)).toEqual({ first: 0, end: 10 + OVERSCAN_ROWS });
    expect(rowWindow(uniform(500), 495 * ROW_HEIGHT_PX, viewport)).toEqual({
      first: 495 - OVERSCAN_ROWS,
      end: 500,
    });
    expect(rowWindow(uniform(3), 0, viewport)).toEqual({ first: 0, end: 3 });
    expect(rowWindow(uniform(0), 0, viewport)).toEqual({ first: 0, end: 0 });
  });

  it('follows a partly scrolled row', () => {
    const window = rowWindow(uniform(100), 20 * ROW_HEIGHT_PX + ROW_HEIGHT_PX / 2, viewport);
    expect(window.first).toBe(20 - OVERSCAN_ROWS);
    expect(window.end).toBe(31 + OVERSCAN_ROWS);
  });

  it('places rows of different heights by the heights above them', () => {
    const heights = new RowHeights();
    const rowKeys = keys(100);
    rowKeys.forEach((key, index) => heights.set(key, index === 10 ? 2_000 : 50));
    const offsets = rowOffsets(rowKeys, heights);
    expect(offsets[11]).toBe(10 * 50 + 2_000);
    // Scrolled into the middle of the tall row: it alone fills the viewport.
    expect(rowAt(offsets, 500 + 1_000)).toBe(10);
    expect(rowWindow(offsets, 500 + 1_000, 600)).toEqual({
      first: 10 - OVERSCAN_ROWS,
      end: 11 + OVERSCAN_ROWS,
    });
    // Just below it, ordinary rows again.
    expect(rowWindow(offsets, 2_500, 600)).toEqual({ first: 11 - OVERSCAN_ROWS, end: 23 + OVERSCAN_ROWS });
  });

  it('keeps the window bounded when the viewport is scrolled past the end (rubber-banding)', () => {
    expect(rowWindow(uniform(500), 1e9, viewport)).toEqual({ first: 499 - OVERSCAN_ROWS, end: 500 });
    expect(rowWindow(uniform(500), -200, viewport)).toEqual({ first: 0, end: 10 + OVERSCAN_ROWS });
  });
});

describe('RowHeights', () => {
  it('estimates unmeasured rows as the mean of the measured ones', () => {
    const heights = new RowHeights();
    expect(heights.estimate()).toBe(ESTIMATED_ROW_PX);
    expect(rowOffsets(['a', 'b'], heights)).toEqual([0, ESTIMATED_ROW_PX, 2 * ESTIMATED_ROW_PX]);

    heights.set('a', 40);
    heights.set('b', 100);
    expect(heights.estimate()).toBe(70);
    expect(rowOffsets(['a', 'x', 'b'], heights)).toEqual([0, 40, 110, 210]);
  });

  it('says whether a measurement changed anything, and forgets everything on clear', () => {
    const heights = new RowHeights();
    expect(heights.set('a', 40)).toBe(true);
    expect(heights.set('a', 40.2)).toBe(false);
    expect(heights.set('a', 60)).toBe(true);
    expect(heights.estimate()).toBe(60);
    heights.clear();
    expect(heights.get('a')).toBeUndefined();
    expect(heights.estimate()).toBe(ESTIMATED_ROW_PX);
  });
});

describe('scroll anchor', () => {
  it('keeps the row at the top in place when older rows are prepended', () => {
    const heights = new RowHeights();
    const shown = keys(50, 'new');
    shown.forEach((key) => heights.set(key, 60));
    const anchor = anchorAt(shown, rowOffsets(shown, heights), heights, 10 * 60 + 25, 600);
    expect(anchor).toEqual({ key: 'new10', offsetPx: 25 });

    // A page of 50 older rows, not measured yet, lands above.
    const grown = [...keys(50, 'old'), ...shown];
    const offsets = rowOffsets(grown, heights);
    expect(anchoredScrollTop(anchor!, grown, offsets)).toBe(50 * 60 + 10 * 60 + 25);

    // They get measured taller than estimated: the anchor moves down by exactly the difference.
    keys(50, 'old').forEach((key) => heights.set(key, 90));
    expect(anchoredScrollTop(anchor!, grown, rowOffsets(grown, heights))).toBe(50 * 90 + 10 * 60 + 25);
  });

  it('has no place for a row that left the timeline, and no anchor in an empty one', () => {
    const offsets = uniform(3);
    expect(anchoredScrollTop({ key: 'gone', offsetPx: 0 }, keys(3), offsets)).toBeUndefined();
    expect(anchorAt([], [0], new RowHeights(), 0, 600)).toBeUndefined();
  });

  it('anchors on the first measured row in view, whose place is not a guess', () => {
    const heights = new RowHeights();
    const rowKeys = keys(20);
    heights.set('m0', 60);
    rowKeys.slice(5).forEach((key) => heights.set(key, 60));
    const offsets = rowOffsets(rowKeys, heights);
    // m1..m4 are estimated (at 60, the mean): the viewport's top is inside m2.
    expect(anchorAt(rowKeys, offsets, heights, 2 * 60 + 10, 600)).toEqual({ key: 'm5', offsetPx: 130 - 300 });
    // With nothing measured in view, the row at the top it is.
    expect(anchorAt(rowKeys, offsets, heights, 2 * 60 + 10, 100)).toEqual({ key: 'm2', offsetPx: 10 });
  });
});
