// Small statistics for benchmarks: medians over rounds (the machines are shared and noisy) and
// percentiles over samples.

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile, p in (0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

/** Runs `work` repeatedly for about `seconds`; returns operations per second. */
export function ratePerSecond(work: () => void, seconds: number): number {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let count = 0;
  while (performance.now() < deadline) {
    work();
    count += 1;
  }
  return count / ((performance.now() - started) / 1000);
}

/**
 * Interleaves rounds of the measured and the baseline work (A B A B …) so drift on a shared
 * machine hits both alike, and returns the median of each.
 */
export function interleavedMedians(
  rounds: number,
  ours: () => number,
  baseline: () => number,
): { ours: number; baseline: number; oursRounds: number[]; baselineRounds: number[] } {
  const oursRounds: number[] = [];
  const baselineRounds: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    if (i % 2 === 0) {
      oursRounds.push(ours());
      baselineRounds.push(baseline());
    } else {
      baselineRounds.push(baseline());
      oursRounds.push(ours());
    }
  }
  return { ours: median(oursRounds), baseline: median(baselineRounds), oursRounds, baselineRounds };
}
