// How each kind of promotion discounts the lines it may use, given what those lines currently
// come to. One function per rule, all with the same contract: never take a line below zero, never
// add to a price, and say which lines were used so exclusivity and stacking groups can be enforced.
import type { MemberLevel, MemberPrices, SoldBy } from '../catalog';
import { GRAMS_PER_KILOGRAM } from '../catalog';
import type { RoundingMode } from '../money';
import { missingCase } from '../result';
import { ratioOf, shareOut } from './exact-shares';
import type { Promotion } from './promotion';

export interface WorkLine {
  readonly productId: string;
  readonly categoryId: string;
  readonly soldBy: SoldBy;
  /** Units, or grams for 'weight'. */
  readonly quantity: number;
  readonly memberPrices: MemberPrices;
}

export interface RuleContext {
  readonly lines: readonly WorkLine[];
  readonly memberLevel: MemberLevel | null;
  readonly discountRounding: RoundingMode;
  readonly weightRounding: RoundingMode;
}

export interface RuleOutcome {
  readonly saved: number;
  /** Parallel lists: line index and the amount taken off it (each > 0). */
  readonly lineIndexes: readonly number[];
  readonly amounts: readonly number[];
  /** Lines the promotion used, as a discount or as its condition. */
  readonly touched: readonly number[];
  /** Flash-sale allowance used (units or grams); 0 for other rules. */
  readonly allowanceUsed: number;
}

/** The lines a promotion may use right now, after exclusivity and stacking groups are applied. */
export interface RuleLines {
  readonly eligible: readonly number[];
  /** Buy X get Y of other products: the lines of those products. Empty otherwise. */
  readonly reward: readonly number[];
}

class Outcome {
  readonly lineIndexes: number[] = [];
  readonly amounts: number[] = [];
  saved = 0;

  take(line: number, amount: number): void {
    if (amount <= 0) return;
    this.lineIndexes.push(line);
    this.amounts.push(amount);
    this.saved += amount;
  }

  finish(touched: readonly number[], allowanceUsed = 0): RuleOutcome | null {
    if (this.saved <= 0) return null;
    return {
      saved: this.saved,
      lineIndexes: this.lineIndexes,
      amounts: this.amounts,
      touched,
      allowanceUsed,
    };
  }
}

function unitLines(lines: readonly number[], ctx: RuleContext): number[] {
  return lines.filter((i) => ctx.lines[i]?.soldBy === 'each');
}

function quantityOf(i: number, ctx: RuleContext): number {
  return ctx.lines[i]?.quantity ?? 0;
}

function netOf(i: number, net: readonly number[]): number {
  return net[i] ?? 0;
}

/** Minimum quantity (a weighed line counts as one) and minimum spend over `lines`. */
export function meetsThresholds(
  promotion: Promotion,
  lines: readonly number[],
  net: readonly number[],
  ctx: RuleContext,
): boolean {
  if (promotion.minQuantity !== undefined) {
    let units = 0;
    for (const i of lines) units += ctx.lines[i]?.soldBy === 'each' ? quantityOf(i, ctx) : 1;
    if (units < promotion.minQuantity) return false;
  }
  if (promotion.minSpend !== undefined) {
    let spend = 0;
    for (const i of lines) spend += netOf(i, net);
    if (spend < promotion.minSpend) return false;
  }
  return true;
}

/** What `quantity` of a line costs at `unitPrice` (per unit, or per kilogram if weighed). */
function priceAt(line: WorkLine, unitPrice: number, quantity: number, ctx: RuleContext): number {
  return line.soldBy === 'each'
    ? unitPrice * quantity
    : ratioOf(unitPrice, quantity, GRAMS_PER_KILOGRAM, ctx.weightRounding);
}

/** The line's current amount for `units` of its quantity, in proportion. */
function portionOf(i: number, units: number, net: readonly number[], ctx: RuleContext): number {
  const quantity = quantityOf(i, ctx);
  return units === quantity ? netOf(i, net) : ratioOf(netOf(i, net), units, quantity, 'halfUp');
}

/** Lines by current unit value, cheapest first (ties: earlier line first); exact cross-products. */
function byUnitValue(
  lines: readonly number[],
  net: readonly number[],
  ctx: RuleContext,
  dearestFirst: boolean,
): number[] {
  return [...lines].sort((a, b) => {
    const left = netOf(a, net) * quantityOf(b, ctx);
    const right = netOf(b, net) * quantityOf(a, ctx);
    if (left !== right) return dearestFirst ? right - left : left - right;
    return a - b;
  });
}

/** `units` of the cheapest units among `lines` at `basisPoints` off. */
function rewardCheapest(
  out: Outcome,
  lines: readonly number[],
  units: number,
  basisPoints: number,
  net: readonly number[],
  ctx: RuleContext,
): number[] {
  const rewarded: number[] = [];
  let remaining = units;
  for (const i of byUnitValue(lines, net, ctx, false)) {
    if (remaining <= 0) break;
    const quantity = quantityOf(i, ctx);
    const take = Math.min(quantity, remaining);
    remaining -= take;
    out.take(
      i,
      ratioOf(netOf(i, net), take * basisPoints, quantity * 10_000, ctx.discountRounding),
    );
    rewarded.push(i);
  }
  return rewarded;
}

/** A discount over several lines, spread in proportion to what each line comes to. */
function spread(
  out: Outcome,
  lines: readonly number[],
  discount: number,
  net: readonly number[],
): void {
  const weights = lines.map((i) => netOf(i, net));
  shareOut(discount, weights).forEach((share, k) => out.take(lines[k] ?? -1, share));
}

function sumNet(lines: readonly number[], net: readonly number[]): number {
  let total = 0;
  for (const i of lines) total += netOf(i, net);
  return total;
}

/** Lines priced down to a target price per line (fixed price, member price). */
function priceDown(
  out: Outcome,
  lines: readonly number[],
  targetPrice: (line: WorkLine) => number | undefined,
  net: readonly number[],
  ctx: RuleContext,
): RuleOutcome | null {
  const touched: number[] = [];
  for (const i of lines) {
    const line = ctx.lines[i];
    if (line === undefined) continue;
    const price = targetPrice(line);
    if (price === undefined) continue;
    const saved = netOf(i, net) - priceAt(line, price, line.quantity, ctx);
    if (saved > 0) {
      out.take(i, saved);
      touched.push(i);
    }
  }
  return out.finish(touched);
}

/** A discount over several lines; with `savingOnly`, the total without spreading it. */
function spreadOrTotal(
  out: Outcome,
  lines: readonly number[],
  discount: number,
  net: readonly number[],
  savingOnly: boolean,
): RuleOutcome | null {
  if (!savingOnly) {
    spread(out, lines, discount, net);
    return out.finish(lines);
  }
  if (discount <= 0) return null;
  return { saved: discount, lineIndexes: [], amounts: [], touched: lines, allowanceUsed: 0 };
}

/**
 * The discount `promotion` gives on `lines` whose current amounts are `net`, or null when it gives
 * nothing. `allowance` is the flash-sale allowance left for this promotion. `savingOnly` may skip
 * the per-line split where the total is known without it (the search's first look at a promotion).
 */
export function applyRule(
  promotion: Promotion,
  lines: RuleLines,
  net: readonly number[],
  ctx: RuleContext,
  allowance: number,
  savingOnly = false,
): RuleOutcome | null {
  const { eligible } = lines;
  if (eligible.length === 0 || !meetsThresholds(promotion, eligible, net, ctx)) return null;
  const out = new Outcome();
  const rule = promotion.rule;
  switch (rule.kind) {
    case 'percentOff': {
      const base = sumNet(eligible, net);
      const discount = ratioOf(base, rule.basisPoints, 10_000, ctx.discountRounding);
      return spreadOrTotal(out, eligible, discount, net, savingOnly);
    }
    case 'amountOff': {
      if (rule.per === 'once') {
        const discount = Math.min(rule.amount, sumNet(eligible, net));
        return spreadOrTotal(out, eligible, discount, net, savingOnly);
      }
      const touched: number[] = [];
      for (const i of unitLines(eligible, ctx)) {
        const saved = Math.min(netOf(i, net), rule.amount * quantityOf(i, ctx));
        if (saved > 0) touched.push(i);
        out.take(i, saved);
      }
      return out.finish(touched);
    }
    case 'fixedPrice':
      return priceDown(out, eligible, () => rule.unitPrice, net, ctx);
    case 'memberPrice': {
      const level = ctx.memberLevel;
      if (level === null) return null;
      return priceDown(out, eligible, (line) => line.memberPrices[level], net, ctx);
    }
    case 'flashSale': {
      const limit = Math.min(allowance, rule.perMemberLimit);
      let remaining = limit;
      const touched: number[] = [];
      for (const i of eligible) {
        const line = ctx.lines[i];
        if (remaining <= 0 || line === undefined) break;
        const units = Math.min(line.quantity, remaining);
        const saved = portionOf(i, units, net, ctx) - priceAt(line, rule.flashPrice, units, ctx);
        if (saved > 0) {
          out.take(i, saved);
          touched.push(i);
          remaining -= units;
        }
      }
      return out.finish(touched, limit - remaining);
    }
    case 'nthItemOff': {
      const units = unitLines(eligible, ctx);
      const count = units.reduce((n, i) => n + quantityOf(i, ctx), 0);
      rewardCheapest(out, units, Math.floor(count / rule.n), rule.basisPoints, net, ctx);
      return out.finish(units);
    }
    case 'buyXGetY': {
      if (rule.get.kind === 'sameTargets') {
        const units = unitLines(eligible, ctx);
        const count = units.reduce((n, i) => n + quantityOf(i, ctx), 0);
        const groups = Math.floor(count / (rule.buyQuantity + rule.getQuantity));
        rewardCheapest(out, units, groups * rule.getQuantity, rule.basisPoints, net, ctx);
        return out.finish(units);
      }
      // The reward products do not count towards the purchase, so one unit is never both.
      const rewardSet = new Set(lines.reward);
      const buy = unitLines(eligible, ctx).filter((i) => !rewardSet.has(i));
      const count = buy.reduce((n, i) => n + quantityOf(i, ctx), 0);
      const groups = Math.floor(count / rule.buyQuantity);
      if (groups === 0) return null;
      const rewardLines = unitLines(lines.reward, ctx);
      const rewarded = rewardCheapest(
        out,
        rewardLines,
        groups * rule.getQuantity,
        rule.basisPoints,
        net,
        ctx,
      );
      return out.finish([...buy, ...rewarded]);
    }
    case 'bundle':
      return applyBundle(out, rule.items, rule.price, unitLines(eligible, ctx), net, ctx);
    default:
      return missingCase(rule);
  }
}

/** As many complete sets as the lines hold, dearest units first, each set at the bundle price. */
function applyBundle(
  out: Outcome,
  items: readonly { readonly productId: string; readonly quantity: number }[],
  price: number,
  lines: readonly number[],
  net: readonly number[],
  ctx: RuleContext,
): RuleOutcome | null {
  // A product listed twice in a bundle needs both quantities from the same lines.
  const needed = new Map<string, number>();
  for (const item of items)
    needed.set(item.productId, (needed.get(item.productId) ?? 0) + item.quantity);
  let sets = Number.POSITIVE_INFINITY;
  const linesOf = new Map<string, number[]>();
  for (const [productId, quantity] of needed) {
    const own = lines.filter((i) => ctx.lines[i]?.productId === productId);
    linesOf.set(productId, own);
    const available = own.reduce((n, i) => n + quantityOf(i, ctx), 0);
    sets = Math.min(sets, Math.floor(available / quantity));
  }
  if (!Number.isFinite(sets) || sets === 0) return null;
  const used: number[] = [];
  const values: number[] = [];
  for (const [productId, quantity] of needed) {
    let remaining = sets * quantity;
    for (const i of byUnitValue(linesOf.get(productId) ?? [], net, ctx, true)) {
      if (remaining <= 0) break;
      const take = Math.min(quantityOf(i, ctx), remaining);
      remaining -= take;
      used.push(i);
      values.push(portionOf(i, take, net, ctx));
    }
  }
  const value = values.reduce((a, b) => a + b, 0);
  const discount = value - sets * price;
  if (discount <= 0) return null;
  shareOut(discount, values).forEach((share, k) => out.take(used[k] ?? -1, share));
  return out.finish(used);
}
