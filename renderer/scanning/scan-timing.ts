// Scan-to-line timing with performance marks: a mark when a scan is sent to the core, a
// `scan-to-line` measure once the answer's line is in the page. The e2e run reads the measures
// for the p95 it reports; a day of scans keeps at most MAX_KEPT of them.
export const SCAN_MEASURE = 'scan-to-line';
const MAX_KEPT = 1_000;

let nextScan = 0;
const answered: string[] = [];

/** Call as the scan is sent; returns the mark's name. */
export function markScanSent(): string {
  nextScan += 1;
  const name = `scan:${nextScan}`;
  performance.mark(name);
  return name;
}

/**
 * The core answered. The line is measured by `measureScansShown`: at once when the answer's cart
 * is already on screen (the cart.updated event brought it first), else after the next commit. A
 * refused scan shows no line.
 */
export function markScanAnswered(name: string, shown: boolean): void {
  if (shown) answered.push(name);
  else performance.clearMarks(name);
}

/** Call after React committed the cart (a layout effect): measures every scan answered since. */
export function measureScansShown(): void {
  if (answered.length === 0) return;
  if (performance.getEntriesByName(SCAN_MEASURE).length >= MAX_KEPT) {
    performance.clearMeasures(SCAN_MEASURE);
  }
  for (const name of answered.splice(0)) {
    performance.measure(SCAN_MEASURE, name);
    performance.clearMarks(name);
  }
}
