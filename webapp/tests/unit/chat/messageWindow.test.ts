import { OVERSCAN_ROWS, ROW_HEIGHT_PX, rowWindow } from '../../../src/app/chat/message-list/message-window';

describe('rowWindow', () => {
  const viewport = 10 * ROW_HEIGHT_PX;

  it('renders the rows in view plus overscan, not the whole history', () => {
    const window = rowWindow(500, 200 * ROW_HEIGHT_PX, viewport);
    expect(window).toEqual({ first: 200 - OVERSCAN_ROWS, end: 210 + OVERSCAN_ROWS });
    expect(window.end - window.first).toBeLessThan(500);
  });

  it('clamps at the top and at the bottom', () => {
    expect(rowWindow(500, 0, viewport)).toEqual({ first: 0, end: 10 + OVERSCAN_ROWS });
    expect(rowWindow(500, 495 * ROW_HEIGHT_PX, viewport)).toEqual({ first: 495 - OVERSCAN_ROWS, end: 500 });
    expect(rowWindow(3, 0, viewport)).toEqual({ first: 0, end: 3 });
    expect(rowWindow(0, 0, viewport)).toEqual({ first: 0, end: 0 });
  });

  it('follows a partly scrolled row', () => {
    const window = rowWindow(100, 20 * ROW_HEIGHT_PX + ROW_HEIGHT_PX / 2, viewport);
    expect(window.first).toBe(20 - OVERSCAN_ROWS);
    expect(window.end).toBe(31 + OVERSCAN_ROWS);
  });
});
