// Seeded randomness for the recommender's sampling and the evaluation's splits, so a run replays
// exactly from its seed (pure code never calls Math.random).

/** A function returning uniform numbers in [0, 1), fully determined by its seed. */
export type Random = () => number;

/** mulberry32: small, fast and good enough for sampling and shuffling (not for secrets). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n). */
export function randomIndex(random: Random, n: number): number {
  return Math.floor(random() * n);
}

/** A 32-bit mix of an integer with a seed: an order that looks random but needs no state. */
export function hashIndex(index: number, seed: number): number {
  let h = Math.imul(index ^ seed, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
