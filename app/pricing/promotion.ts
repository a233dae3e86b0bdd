// Promotions as head office defines them: what they give (the rule), whom and what they target,
// when they are valid, and how they combine with others. Promotions arrive from the server, so
// they have a zod schema too.
import { z } from 'zod';
import type { MemberLevel } from '../catalog';
import { memberLevelSchema, minorUnitsSchema } from '../catalog';

/** Which lines a promotion looks at. The rule may narrow them further (a bundle's products). */
export type PromotionTargets =
  | { readonly kind: 'products'; readonly productIds: readonly string[] }
  | { readonly kind: 'categories'; readonly categoryIds: readonly string[] }
  | { readonly kind: 'cart' };

/**
 * What a promotion gives. Amounts are minor units of the cart's currency; percentages are basis
 * points (1000 = 10 %, 10000 = free). Unit-based rules (buy X get Y, Nth item, bundle, amount off
 * per unit) count only lines sold by the unit: a weighed line has no "units" to count.
 */
export type PromotionRule =
  /** A percentage off the targeted lines. */
  | { readonly kind: 'percentOff'; readonly basisPoints: number }
  /** An amount off each targeted unit ('unit'), or once off the targeted lines together ('once'). */
  | { readonly kind: 'amountOff'; readonly amount: number; readonly per: 'unit' | 'once' }
  /** The targeted products at a fixed price: per unit, or per kilogram for weighed products. */
  | { readonly kind: 'fixedPrice'; readonly unitPrice: number }
  /**
   * Buy `buyQuantity` targeted units, get `getQuantity` units at `basisPoints` off (10000 = free).
   * The reward goes to the cheapest targeted units ('sameTargets') or to the cheapest units of
   * `productIds` ('products'), which are not counted towards the purchase.
   */
  | {
      readonly kind: 'buyXGetY';
      readonly buyQuantity: number;
      readonly getQuantity: number;
      readonly get:
        | { readonly kind: 'sameTargets' }
        | { readonly kind: 'products'; readonly productIds: readonly string[] };
      readonly basisPoints: number;
    }
  /** A set of products (with quantities) for one price, as many complete sets as the cart holds. */
  | {
      readonly kind: 'bundle';
      readonly items: readonly { readonly productId: string; readonly quantity: number }[];
      readonly price: number;
    }
  /** Every `n`th targeted unit at `basisPoints` off, cheapest units first ("2nd at half price"). */
  | { readonly kind: 'nthItemOff'; readonly n: number; readonly basisPoints: number }
  /** The catalog's member price for the attached member's level, where it is below the price. */
  | { readonly kind: 'memberPrice' }
  /**
   * A flash-sale price for the targeted products, for at most the member's remaining allowance
   * (units, or grams for weighed products), which the caller looks up and passes in as data.
   */
  | { readonly kind: 'flashSale'; readonly flashPrice: number; readonly perMemberLimit: number };

export type PromotionKind = PromotionRule['kind'];

/**
 * 'exclusive': the lines it discounts (or uses as its condition) take no other promotion.
 * 'stackable': combines with other stackable promotions, except that a line takes at most one
 * promotion of each stacking group (e.g. one coupon, one price promotion).
 */
export type Stacking = 'exclusive' | 'stackable';

export interface Promotion {
  readonly id: string;
  /** Shown on the receipt and the screen as head office wrote it. */
  readonly name: string;
  /** Lower numbers win ties and apply first among equals: priority 1 beats priority 5. */
  readonly priority: number;
  /** Valid from `startsAt` (inclusive) until `endsAt` (exclusive), epoch ms UTC. */
  readonly startsAt: number;
  readonly endsAt: number;
  readonly stacking: Stacking;
  /** Only for 'stackable': at most one promotion of a group per line. Null: no group. */
  readonly stackingGroup: string | null;
  readonly targets: PromotionTargets;
  /** Units among the targeted lines needed to qualify (a weighed line counts as one). */
  readonly minQuantity?: number;
  /** Amount the targeted lines must come to (after earlier promotions) to qualify. */
  readonly minSpend?: number;
  /** When set, the promotion is a coupon: it applies only if this code is presented on the cart. */
  readonly couponCode?: string;
  /** When set, only members of these levels qualify. */
  readonly memberLevels?: readonly MemberLevel[];
  readonly rule: PromotionRule;
}

/** True when `now` lies in [startsAt, endsAt): the start instant counts, the end instant does not. */
export function isPromotionValidAt(promotion: Promotion, now: number): boolean {
  return promotion.startsAt <= now && now < promotion.endsAt;
}

/** Coupon codes are compared trimmed and upper-case: "save10 " and "SAVE10" are one coupon. */
export function normalizeCouponCode(code: string): string {
  return code.trim().toUpperCase();
}

const id = z.string().min(1);
const basisPoints = z.int().min(0).max(10_000);
const amount = minorUnitsSchema.refine((a) => a >= 0, { message: 'must not be negative' });
const positiveCount = z.int().min(1);

export const promotionTargetsSchema: z.ZodType<PromotionTargets> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('products'), productIds: z.array(id).min(1) }),
  z.object({ kind: z.literal('categories'), categoryIds: z.array(id).min(1) }),
  z.object({ kind: z.literal('cart') }),
]);

export const promotionRuleSchema: z.ZodType<PromotionRule> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percentOff'), basisPoints }),
  z.object({ kind: z.literal('amountOff'), amount, per: z.enum(['unit', 'once']) }),
  z.object({ kind: z.literal('fixedPrice'), unitPrice: amount }),
  z.object({
    kind: z.literal('buyXGetY'),
    buyQuantity: positiveCount,
    getQuantity: positiveCount,
    get: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('sameTargets') }),
      z.object({ kind: z.literal('products'), productIds: z.array(id).min(1) }),
    ]),
    basisPoints,
  }),
  z.object({
    kind: z.literal('bundle'),
    items: z.array(z.object({ productId: id, quantity: positiveCount })).min(1),
    price: amount,
  }),
  z.object({ kind: z.literal('nthItemOff'), n: z.int().min(2), basisPoints }),
  z.object({ kind: z.literal('memberPrice') }),
  z.object({ kind: z.literal('flashSale'), flashPrice: amount, perMemberLimit: positiveCount }),
]);

export const promotionSchema: z.ZodType<Promotion> = z
  .object({
    id,
    name: z.string().min(1),
    priority: z.int(),
    startsAt: z.int(),
    endsAt: z.int(),
    stacking: z.enum(['exclusive', 'stackable']),
    stackingGroup: z.string().min(1).nullable(),
    targets: promotionTargetsSchema,
    minQuantity: positiveCount.optional(),
    minSpend: amount.optional(),
    couponCode: z.string().min(1).optional(),
    memberLevels: z.array(memberLevelSchema).min(1).optional(),
    rule: promotionRuleSchema,
  })
  .refine((p) => p.startsAt < p.endsAt, { message: 'a promotion must end after it starts' });
