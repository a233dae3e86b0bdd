// Streaming counts over order lines: how many baskets hold each product and each pair of
// products, and which products each member has bought — the only state the recommender keeps
// while it reads history, so memory grows with products, pairs and members, not with lines.
import { hashIndex } from './seeded-random';

/** One checkout's products; `memberId` is null for a customer who was not identified. */
export interface Basket {
  readonly memberId: string | null;
  /** One entry per order line; repeats of a product in one basket count once. */
  readonly productIds: readonly string[];
}

export interface CollectLimits {
  /**
   * A basket with more distinct products than this counts pairs over a seeded sample of this
   * many, so a 200-line restock basket adds at most n·(n−1)/2 pairs instead of 20,000.
   */
  readonly maxBasketItemsForPairs: number;
  /**
   * When the pair table holds more than this many pairs, the rarest are dropped (lossy counting):
   * a pair seen at or below the current floor cannot reach the minimum support anyway at that
   * point, and memory stays bounded whatever the catalogue's size.
   */
  readonly maxPairs: number;
  /** Seeds the per-basket sample for huge baskets. */
  readonly seed: number;
}

export const DEFAULT_COLLECT_LIMITS: CollectLimits = {
  maxBasketItemsForPairs: 30,
  maxPairs: 2_000_000,
  seed: 1,
};

/** Products are numbered from 0; a pair (a, b) with a < b is the number a·PAIR_BASE + b. */
export const PAIR_BASE = 2 ** 21;

export interface PurchaseCounts {
  /** Product index → product id, in first-seen order. */
  readonly productIds: readonly string[];
  /** Baskets holding each product (by product index). */
  readonly productBaskets: Int32Array;
  readonly baskets: number;
  readonly lines: number;
  /** Baskets holding both products of a pair, by pair number (see PAIR_BASE). */
  readonly pairCounts: ReadonlyMap<number, number>;
  /** 0 when pair counts are exact; otherwise pairs at or below this count may have been dropped. */
  readonly pairFloor: number;
  /** Member index → member id. */
  readonly memberIds: readonly string[];
  /** Baskets per member (by member index). */
  readonly memberBaskets: Int32Array;
  /**
   * Compressed rows: member m's distinct products are
   * memberItems[memberStart[m] … memberStart[m + 1]), ascending.
   */
  readonly memberStart: Int32Array;
  readonly memberItems: Int32Array;
}

export interface PurchaseCollector {
  addBasket(basket: Basket): void;
  /** Freezes the counts; the collector must not be used afterwards. */
  finish(): PurchaseCounts;
}

export function pairKey(a: number, b: number): number {
  return a < b ? a * PAIR_BASE + b : b * PAIR_BASE + a;
}

export function pairOf(key: number): readonly [number, number] {
  const a = Math.floor(key / PAIR_BASE);
  return [a, key - a * PAIR_BASE];
}

export function collectPurchases(
  limits: CollectLimits = DEFAULT_COLLECT_LIMITS,
): PurchaseCollector {
  const productIndex = new Map<string, number>();
  const productIds: string[] = [];
  let productBaskets = new Int32Array(1024);
  const pairCounts = new Map<number, number>();
  let pairFloor = 0;
  const memberIndex = new Map<string, number>();
  const memberIds: string[] = [];
  const memberItems: Set<number>[] = [];
  const memberBaskets: number[] = [];
  let baskets = 0;
  let lines = 0;

  const indexOf = (productId: string): number => {
    const known = productIndex.get(productId);
    if (known !== undefined) return known;
    const index = productIds.length;
    if (index >= PAIR_BASE) throw new RangeError(`more than ${PAIR_BASE} products`);
    productIndex.set(productId, index);
    productIds.push(productId);
    if (index >= productBaskets.length) {
      const grown = new Int32Array(productBaskets.length * 2);
      grown.set(productBaskets);
      productBaskets = grown;
    }
    return index;
  };

  const prunePairs = (): void => {
    // Raise the floor until a quarter of the table is free, so pruning is rare.
    while (pairCounts.size > limits.maxPairs * 0.75) {
      pairFloor += 1;
      for (const [key, count] of pairCounts) if (count <= pairFloor) pairCounts.delete(key);
    }
  };

  return {
    addBasket(basket) {
      lines += basket.productIds.length;
      const distinct = [...new Set(basket.productIds.map(indexOf))];
      if (distinct.length === 0) return;
      baskets += 1;
      for (const p of distinct) productBaskets[p] = (productBaskets[p] ?? 0) + 1;

      let paired = distinct;
      if (distinct.length > limits.maxBasketItemsForPairs) {
        paired = [...distinct]
          .sort((a, b) => hashIndex(a, limits.seed + baskets) - hashIndex(b, limits.seed + baskets))
          .slice(0, limits.maxBasketItemsForPairs);
      }
      for (let i = 0; i < paired.length; i += 1) {
        for (let j = i + 1; j < paired.length; j += 1) {
          const key = pairKey(paired[i] as number, paired[j] as number);
          pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
        }
      }
      if (pairCounts.size > limits.maxPairs) prunePairs();

      if (basket.memberId !== null) {
        let m = memberIndex.get(basket.memberId);
        if (m === undefined) {
          m = memberIds.length;
          memberIndex.set(basket.memberId, m);
          memberIds.push(basket.memberId);
          memberItems.push(new Set());
          memberBaskets.push(0);
        }
        const items = memberItems[m] as Set<number>;
        for (const p of distinct) items.add(p);
        memberBaskets[m] = (memberBaskets[m] ?? 0) + 1;
      }
    },
    finish() {
      const memberStart = new Int32Array(memberIds.length + 1);
      let total = 0;
      for (let m = 0; m < memberItems.length; m += 1) {
        memberStart[m] = total;
        total += (memberItems[m] as Set<number>).size;
      }
      memberStart[memberIds.length] = total;
      const flat = new Int32Array(total);
      for (let m = 0; m < memberItems.length; m += 1) {
        const sorted = Int32Array.from(memberItems[m] as Set<number>).sort();
        flat.set(sorted, memberStart[m]);
      }
      return {
        productIds,
        productBaskets: productBaskets.slice(0, productIds.length),
        baskets,
        lines,
        pairCounts,
        pairFloor,
        memberIds,
        memberBaskets: Int32Array.from(memberBaskets),
        memberStart,
        memberItems: flat,
      };
    },
  };
}
