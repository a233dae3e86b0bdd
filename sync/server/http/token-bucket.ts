// A token bucket: `capacity` tokens, refilled at `perSecond`; each request takes one or is
// refused. Used per client (rate limits) and per server instance (flash-sale layer 2).

export interface TokenBucket {
  /** Takes one token if there is one; `now` in epoch ms. */
  take(now: number): boolean;
}

export function createTokenBucket(
  options: Readonly<{ perSecond: number; capacity: number }>,
  now: number,
): TokenBucket {
  let tokens = options.capacity;
  let refilledAt = now;
  return {
    take(at) {
      if (at > refilledAt) {
        tokens = Math.min(
          options.capacity,
          tokens + ((at - refilledAt) * options.perSecond) / 1000,
        );
        refilledAt = at;
      }
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}

/** One bucket per key, the idle ones forgotten so a long-running server does not grow. */
export interface KeyedRateLimiter {
  allow(key: string, now: number): boolean;
}

export function createKeyedRateLimiter(
  options: Readonly<{ perSecond: number; capacity: number; maxKeys?: number }>,
): KeyedRateLimiter {
  const maxKeys = options.maxKeys ?? 100_000;
  const buckets = new Map<string, TokenBucket>();
  return {
    allow(key, now) {
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        // A forgotten key starts with a full bucket, which is what an idle client would have.
        if (buckets.size >= maxKeys) buckets.clear();
        bucket = createTokenBucket(options, now);
        buckets.set(key, bucket);
      }
      return bucket.take(now);
    },
  };
}
