// Scan-to-line timing: one measure per scan whose line was shown, none for a refused scan, and
// every scan answered before one commit measured at that commit.
import { afterEach, describe, expect, it } from 'vitest';
import { SCAN_MEASURE, markScanAnswered, markScanSent, measureScansShown } from './scan-timing';

const measures = () => performance.getEntriesByName(SCAN_MEASURE);

describe('scan timing', () => {
  afterEach(() => performance.clearMeasures(SCAN_MEASURE));

  it('measures each shown scan once, at the commit after its answer', () => {
    const first = markScanSent();
    const second = markScanSent();
    expect(first).not.toBe(second);
    markScanAnswered(first, true);
    markScanAnswered(second, true);
    expect(measures()).toHaveLength(0);
    measureScansShown();
    expect(measures()).toHaveLength(2);
    for (const entry of measures()) expect(entry.duration).toBeGreaterThanOrEqual(0);
    // A later commit with nothing new answered measures nothing more.
    measureScansShown();
    expect(measures()).toHaveLength(2);
  });

  it('does not measure a refused scan, and drops its mark', () => {
    const refused = markScanSent();
    markScanAnswered(refused, false);
    measureScansShown();
    expect(measures()).toHaveLength(0);
    expect(performance.getEntriesByName(refused)).toHaveLength(0);
  });
});
