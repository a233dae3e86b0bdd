// Answers the register's questions from a model, locally and in microseconds: what goes with this
// product, what this member might like, what to suggest for this cart. Opening a model indexes
// its lists once; every answer is then a few map reads over precomputed top-k lists.
import type { RecsModel, ScoredProduct } from './recs-model';

/** Why a product is suggested, so the screen can say so. */
export type SuggestionReason = 'bought-with' | 'for-you' | 'popular';

export interface Suggestion {
  readonly productId: string;
  readonly score: number;
  readonly reason: SuggestionReason;
}

export interface MemberQuery {
  readonly k: number;
  /** Products never to suggest, e.g. the current cart. */
  readonly exclude?: Iterable<string>;
  /** Top up a short list with best sellers (default true). */
  readonly fill?: boolean;
}

export interface CartQuery {
  readonly k: number;
  /** The attached member, whose "for you" list tops up a short add-on list. */
  readonly memberId?: string;
  /** Top up with the member's list and then best sellers (default true). */
  readonly fill?: boolean;
}

export interface RecsLookup {
  readonly storeId: string;
  readonly version: number;
  /** "Frequently bought with" this product, best first (empty when unknown). */
  boughtWith(productId: string, k: number): readonly ScoredProduct[];
  /** "For you": the member's hybrid list, then best sellers; unknown members get best sellers. */
  forMember(memberId: string, query: MemberQuery): readonly Suggestion[];
  /**
   * Add-ons for a cart: the bought-with lists of the cart's products summed per product, minus
   * the cart; then the member's list, then best sellers.
   */
  forCart(productIds: readonly string[], query: CartQuery): readonly Suggestion[];
  /** Best sellers not excluded. */
  popular(k: number, exclude?: Iterable<string>): readonly Suggestion[];
}

export function openRecsLookup(model: RecsModel): RecsLookup {
  const boughtWith = new Map(model.boughtWith);
  const forMember = new Map(model.forMember);

  const topUp = (
    out: Suggestion[],
    taken: Set<string>,
    list: readonly ScoredProduct[],
    reason: SuggestionReason,
    k: number,
  ): void => {
    for (const [productId, score] of list) {
      if (out.length >= k) return;
      if (taken.has(productId)) continue;
      taken.add(productId);
      out.push({ productId, score, reason });
    }
  };

  return {
    storeId: model.storeId,
    version: model.version,
    boughtWith(productId, k) {
      return (boughtWith.get(productId) ?? []).slice(0, k);
    },
    forMember(memberId, query) {
      const out: Suggestion[] = [];
      const taken = new Set(query.exclude ?? []);
      topUp(out, taken, forMember.get(memberId) ?? [], 'for-you', query.k);
      if (query.fill ?? true) topUp(out, taken, model.popular, 'popular', query.k);
      return out;
    },
    forCart(productIds, query) {
      const cart = new Set(productIds);
      const sums = new Map<string, number>();
      for (const productId of cart) {
        for (const [other, score] of boughtWith.get(productId) ?? []) {
          if (!cart.has(other)) sums.set(other, (sums.get(other) ?? 0) + score);
        }
      }
      const ranked = [...sums].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const out: Suggestion[] = [];
      const taken = new Set(cart);
      topUp(out, taken, ranked, 'bought-with', query.k);
      if (query.fill ?? true) {
        if (query.memberId !== undefined) {
          topUp(out, taken, forMember.get(query.memberId) ?? [], 'for-you', query.k);
        }
        topUp(out, taken, model.popular, 'popular', query.k);
      }
      return out;
    },
    popular(k, exclude) {
      const out: Suggestion[] = [];
      topUp(out, new Set(exclude ?? []), model.popular, 'popular', k);
      return out;
    },
  };
}
