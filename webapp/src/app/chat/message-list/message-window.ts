// Windowing for the message list: rows have a fixed height, so the rows in view follow from the
// scroll offset alone and only those (plus a little overscan) are in the DOM, however long the
// history grows.

export const ROW_HEIGHT_PX = 72;
export const OVERSCAN_ROWS = 6;

export interface RowWindow {
  /** Index of the first rendered row. */
  readonly first: number;
  /** One past the last rendered row. */
  readonly end: number;
}

export function rowWindow(rowCount: number, scrollTop: number, viewportHeight: number): RowWindow {
  const firstVisible = Math.floor(Math.max(0, scrollTop) / ROW_HEIGHT_PX);
  const lastVisible = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / ROW_HEIGHT_PX);
  return {
    first: Math.max(0, Math.min(rowCount, firstVisible - OVERSCAN_ROWS)),
    end: Math.min(rowCount, lastVisible + OVERSCAN_ROWS),
  };
}
