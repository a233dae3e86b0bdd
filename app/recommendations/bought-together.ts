// "Frequently bought with": item-to-item co-occurrence scored by cosine or lift, kept only for
// pairs seen in at least a minimum number of baskets, top k per product.
import { missingCase } from '../result';
import type { PurchaseCounts } from './purchase-counts';
import { pairOf } from './purchase-counts';

/**
 * 'cosine': n(a∧b) / √(n(a)·n(b)) — in [0, 1], favours pairs that are both common and linked.
 * 'confidence': n(a∧b) / n(a) for a's list — the share of a's baskets that also hold b, in
 * [0, 1]; asymmetric, and it favours partners that are common anyway (bread goes with most).
 * 'lift': n(a∧b)·N / (n(a)·n(b)) — how much more often than chance; favours rare pairs, so it
 * needs a higher minimum support to be useful.
 */
export type CoOccurrenceMeasure = 'cosine' | 'confidence' | 'lift';

export interface BoughtTogetherOptions {
  readonly measure: CoOccurrenceMeasure;
  /** A pair must appear in at least this many baskets to count (noise floor). */
  readonly minSupport: number;
  readonly k: number;
}

export const CO_OCCURRENCE_MEASURES: readonly CoOccurrenceMeasure[] = [
  'cosine',
  'confidence',
  'lift',
];

/** A product index and its score, best first in every list. */
export interface IndexedScore {
  readonly item: number;
  readonly score: number;
}

/** The score of partner b in a's list. */
export function coOccurrenceScore(
  measure: CoOccurrenceMeasure,
  together: number,
  countA: number,
  countB: number,
  baskets: number,
): number {
  if (countA === 0 || countB === 0) return 0;
  switch (measure) {
    case 'cosine':
      return together / Math.sqrt(countA * countB);
    case 'confidence':
      return together / countA;
    case 'lift':
      return (together * baskets) / (countA * countB);
    default:
      return missingCase(measure);
  }
}

/** Orders best first: higher score, then lower index (stable across runs). */
export function byScoreThenItem(a: IndexedScore, b: IndexedScore): number {
  return b.score - a.score || a.item - b.item;
}

/** For every product index, its top-k partners (empty when none reach the minimum support). */
export function boughtTogetherLists(
  counts: PurchaseCounts,
  options: BoughtTogetherOptions,
): readonly (readonly IndexedScore[])[] {
  const lists: IndexedScore[][] = counts.productIds.map(() => []);
  for (const [key, together] of counts.pairCounts) {
    if (together < options.minSupport) continue;
    const [a, b] = pairOf(key);
    const countA = counts.productBaskets[a] ?? 0;
    const countB = counts.productBaskets[b] ?? 0;
    const forA = coOccurrenceScore(options.measure, together, countA, countB, counts.baskets);
    const forB = coOccurrenceScore(options.measure, together, countB, countA, counts.baskets);
    if (forA > 0) (lists[a] as IndexedScore[]).push({ item: b, score: forA });
    if (forB > 0) (lists[b] as IndexedScore[]).push({ item: a, score: forB });
  }
  return lists.map((list) => list.sort(byScoreThenItem).slice(0, options.k));
}
