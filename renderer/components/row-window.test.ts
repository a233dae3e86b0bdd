// The window of a long list: the rows in view and a few either side, spacers for the rest.
import { describe, expect, it } from 'vitest';
import { rowWindow } from './row-window';

describe('rowWindow', () => {
  it('shows everything a short list has', () => {
    expect(rowWindow(3, 60, 0, 600, 4)).toEqual({ start: 0, end: 3, padTop: 0, padBottom: 0 });
  });

  it('shows the top screenful and the overscan of a long list', () => {
    // 600 px of 60 px rows: 10 in view, one part-row, 4 more below.
    expect(rowWindow(100, 60, 0, 600, 4)).toEqual({
      start: 0,
      end: 15,
      padTop: 0,
      padBottom: 85 * 60,
    });
  });

  it('follows the scroll, with overscan above and below, and keeps the total height', () => {
    const w = rowWindow(100, 60, 50 * 60 + 30, 600, 4);
    expect(w).toEqual({ start: 46, end: 65, padTop: 46 * 60, padBottom: 35 * 60 });
    expect(w.padTop + (w.end - w.start) * 60 + w.padBottom).toBe(100 * 60);
  });

  it('stays inside the list when scrolled past its end or above its top', () => {
    expect(rowWindow(20, 60, 10_000, 600, 4)).toEqual({
      start: 20,
      end: 20,
      padTop: 1200,
      padBottom: 0,
    });
    expect(rowWindow(20, 60, -50, 600, 4).start).toBe(0);
  });

  it('shows no rows of an empty list', () => {
    expect(rowWindow(0, 60, 0, 600, 4)).toEqual({ start: 0, end: 0, padTop: 0, padBottom: 0 });
  });
});
