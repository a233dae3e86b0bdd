// Waits between failed pushes: doubling from `baseMs` up to `maxMs`, with jitter so a store's
// registers coming back together do not knock on the server at the same instant.

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };

/**
 * The wait after the `failures`-th failure in a row (1 for the first): half fixed, half random,
 * so it never drops to zero and never passes the cap. `random` returns [0, 1).
 */
export function backoffDelay(
  failures: number,
  random: () => number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(cap / 2 + (random() * cap) / 2);
}
