// What a store can tune in its recommender, with the defaults SPEC §5 asks for.
import type { CoOccurrenceMeasure } from './bought-together';
import type { CollectLimits } from './purchase-counts';
import { DEFAULT_COLLECT_LIMITS } from './purchase-counts';

/**
 * How the hybrid mixes its components. Each component's scores are first scaled to [0, 1] per
 * member by dividing by that component's best score among the member's candidates, so the
 * weights compare like with like; the weights need not sum to 1.
 */
export interface HybridWeights {
  /** User-based collaborative filtering (neighbours' purchases). */
  readonly collaborative: number;
  /** Content-based (category, brand, name tokens). */
  readonly content: number;
  /** Popularity (baskets holding the product). */
  readonly popularity: number;
  /** Item-to-item co-occurrence summed over the member's products (not in SPEC's formula). */
  readonly boughtTogether: number;
}

/** SPEC §5: 0.5 × CF + 0.3 × content + 0.2 × popularity. */
export const SPEC_HYBRID_WEIGHTS: HybridWeights = {
  collaborative: 0.5,
  content: 0.3,
  popularity: 0.2,
  boughtTogether: 0,
};

/**
 * Consumables: products in these categories stay suggestible after the member bought them
 * (milk is bought every week), with their score multiplied by `decay` so new products still win
 * ties. Every other product the member bought is removed, as SPEC §5 says. Products already in
 * the current cart are always removed, consumable or not.
 */
export interface RepeatPurchase {
  readonly categoryIds: readonly string[];
  /** In (0, 1]: 1 treats a bought consumable like a new product. */
  readonly decay: number;
}

/** How big a model may get: top-k lists only, so its size is bounded per store. */
export interface RecsLimits {
  /** Partners kept per product for "frequently bought with". */
  readonly boughtWithK: number;
  /** Suggestions kept per member for "for you"; more than shown, so cart items can be skipped. */
  readonly forMemberK: number;
  /** Products in the popularity list (the fallback for new members and empty carts). */
  readonly popularK: number;
  /** Products that get a "bought with" list: the best-selling ones first. */
  readonly maxProducts: number;
  /** Members that get a "for you" list: those with the most baskets first. */
  readonly maxMembers: number;
}

export interface RecsOptions {
  readonly weights: HybridWeights;
  /** SPEC §5: top 50 neighbours. */
  readonly neighbours: number;
  /** Members compared per neighbour search at most (see createNeighbourSearch). */
  readonly maxCandidates: number;
  readonly boughtTogether: {
    readonly measure: CoOccurrenceMeasure;
    /** Baskets a pair must appear in. */
    readonly minSupport: number;
  };
  readonly limits: RecsLimits;
  readonly repeatPurchase: RepeatPurchase;
  readonly collect: CollectLimits;
  /** Seeds every sample the builder takes, so a build replays exactly. */
  readonly seed: number;
}

export const DEFAULT_RECS_LIMITS: RecsLimits = {
  boughtWithK: 10,
  forMemberK: 20,
  popularK: 50,
  maxProducts: 50_000,
  maxMembers: 50_000,
};

export const DEFAULT_RECS_OPTIONS: RecsOptions = {
  weights: SPEC_HYBRID_WEIGHTS,
  neighbours: 50,
  maxCandidates: 2_000,
  boughtTogether: { measure: 'cosine', minSupport: 3 },
  limits: DEFAULT_RECS_LIMITS,
  repeatPurchase: { categoryIds: [], decay: 0.5 },
  collect: DEFAULT_COLLECT_LIMITS,
  seed: 1,
};

/** Options with some fields replaced; nested objects are replaced whole. */
export function recsOptions(overrides: Partial<RecsOptions> = {}): RecsOptions {
  return { ...DEFAULT_RECS_OPTIONS, ...overrides };
}
