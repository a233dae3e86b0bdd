// Windowing for long lists of equal-height rows (the cart): only the rows in view, plus a few
// either side, are in the page; spacers keep the scroll height true. A 100-line cart then renders
// about a dozen rows per scan instead of a hundred.
import { useLayoutEffect, useState } from 'react';
import type { RefObject } from 'react';

export interface RowWindow {
  /** First row in the page (inclusive) and the row after the last (exclusive). */
  readonly start: number;
  readonly end: number;
  /** Heights of the empty space above and below the rows in the page, px. */
  readonly padTop: number;
  readonly padBottom: number;
}

/** Which of `count` rows of `rowHeight` px show in a viewport scrolled to `scrollTop`. */
export function rowWindow(
  count: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
  overscan: number,
): RowWindow {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const shown = Math.ceil(Math.max(viewportHeight, rowHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.max(start, Math.min(count, first + shown + overscan));
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}

/**
 * The window of a scroll container's rows, kept in step with its scrolling and its size. Before
 * the first measure (and in a container with no size) a screenful of 900 px is assumed.
 */
export function useRowWindow(
  scroller: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan = 4,
): RowWindow {
  const [viewport, setViewport] = useState({ top: 0, height: 900 });
  // The container appears with the first row (an empty list shows a message instead).
  const hasRows = count > 0;
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element === null) return;
    const measure = (): void => {
      const next = { top: element.scrollTop, height: element.clientHeight || 900 };
      setViewport((now) => (now.top === next.top && now.height === next.height ? now : next));
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    const resized = new ResizeObserver(measure);
    resized.observe(element);
    return () => {
      element.removeEventListener('scroll', measure);
      resized.disconnect();
    };
  }, [scroller, hasRows]);
  return rowWindow(count, rowHeight, viewport.top, viewport.height, overscan);
}
