// Prices a cart: gross amounts, the best promotions, manual line and cart discounts, tax per rate,
// and totals. Order of work, and why:
//   1. gross = price × quantity, or price per kg × grams rounded once per line;
//   2. promotions (see choose-promotions.ts) on catalog-priced lines only;
//   3. manual line discounts on what each line comes to after promotions;
//   4. the manual cart discount, spread over the lines with `allocate` so lines still add up;
//   5. tax once per rate over the lines' nets, then spread back over the lines.
// Every amount is integer minor units; every total is a sum of line amounts, so they add up.
import { GRAMS_PER_KILOGRAM } from '../catalog';
import type { Money } from '../money';
import { allocate, assertInteger, multiplyRatio } from '../money';
import type { RuleContext, WorkLine } from './apply-promotion';
import { choosePromotions } from './choose-promotions';
import { formatAmount, manualDiscountText, promotionLabel } from './explain-promotion';
import type { AppliedPromotion, LineAdjustment, PricedCart, PricedLine } from './priced-cart';
import type { ManualDiscount, PricingInput, PricingLine, PricingOptions } from './pricing-input';
import { DEFAULT_PRICING_OPTIONS } from './pricing-input';
import { taxByRate } from './tax';

function checkDiscount(discount: ManualDiscount | null, what: string): void {
  if (discount === null) return;
  if (discount.kind === 'percent') {
    assertInteger(discount.basisPoints, `${what} percentage`);
    if (discount.basisPoints < 0 || discount.basisPoints > 10_000) {
      throw new RangeError(`${what} must be 0–10000 basis points, got ${discount.basisPoints}`);
    }
  } else {
    assertInteger(discount.amount, `${what} amount`);
    if (discount.amount < 0) throw new RangeError(`${what} must not be negative`);
  }
}

// The engine is handed lines the cart has already validated; a bad line here is a programmer
// error, so it throws rather than refusing.
function checkLine(line: PricingLine): void {
  assertInteger(line.quantity, 'quantity');
  assertInteger(line.unitPrice, 'unit price');
  if (line.quantity <= 0) throw new RangeError(`line ${line.lineId}: quantity must be positive`);
  if (line.unitPrice < 0) throw new RangeError(`line ${line.lineId}: price must not be negative`);
  if (
    !Number.isInteger(line.taxRateBasisPoints) ||
    line.taxRateBasisPoints < 0 ||
    line.taxRateBasisPoints > 10_000
  ) {
    throw new RangeError(`line ${line.lineId}: tax rate must be 0–10000 basis points`);
  }
  checkDiscount(line.manualDiscount, `line ${line.lineId} discount`);
}

/** Price × quantity, or price per kilogram × grams rounded by `options.weightRounding`. */
export function grossAmount(line: PricingLine, options: PricingOptions): number {
  if (line.soldBy === 'each') {
    const amount = line.unitPrice * line.quantity;
    assertInteger(amount, 'line amount');
    return amount;
  }
  return multiplyRatio(line.unitPrice, line.quantity, GRAMS_PER_KILOGRAM, options.weightRounding);
}

function discountOn(base: number, discount: ManualDiscount, options: PricingOptions): number {
  return discount.kind === 'percent'
    ? multiplyRatio(base, discount.basisPoints, 10_000, options.discountRounding)
    : Math.min(discount.amount, base);
}

export function priceCart(input: PricingInput): PricedCart {
  const options: PricingOptions = { ...DEFAULT_PRICING_OPTIONS, ...input.options };
  const currency = input.currency;
  const m = (amount: number): Money => ({ amount, currency });
  const seen = new Set<string>();
  for (const line of input.lines) {
    if (seen.has(line.lineId)) throw new RangeError(`line id ${line.lineId} appears twice`);
    seen.add(line.lineId);
    checkLine(line);
  }
  checkDiscount(input.cartDiscount, 'cart discount');

  const gross = input.lines.map((line) => grossAmount(line, options));
  const workLines: WorkLine[] = input.lines.map((line) => ({
    productId: line.productId,
    categoryId: line.categoryId,
    soldBy: line.soldBy,
    quantity: line.quantity,
    memberPrices: line.memberPrices,
  }));
  const ctx: RuleContext = {
    lines: workLines,
    memberLevel: input.memberLevel,
    discountRounding: options.discountRounding,
    weightRounding: options.weightRounding,
  };
  const choice = choosePromotions({
    ctx,
    gross,
    promotable: input.lines.map((line) => line.priceSource === 'catalog'),
    promotions: input.promotions,
    now: input.now,
    memberLevel: input.memberLevel,
    couponCodes: input.couponCodes,
    flashSaleAllowances: input.flashSaleAllowances,
    maxEvaluations: options.maxEvaluations,
  });

  const adjustments: LineAdjustment[][] = input.lines.map(() => []);
  const net = [...choice.evaluation.net];
  let promotionDiscount = 0;
  const appliedPromotions: AppliedPromotion[] = choice.evaluation.applied.map(
    ({ candidate, outcome }) => {
      const promotion = candidate.promotion;
      const label = promotionLabel(promotion, currency);
      outcome.lineIndexes.forEach((line, k) => {
        const saved = outcome.amounts[k] ?? 0;
        adjustments[line]?.push({
          kind: 'promotion',
          promotionId: promotion.id,
          name: promotion.name,
          promotionKind: promotion.rule.kind,
          saved: m(saved),
          text: `${label} ${formatAmount(-saved, currency)}`,
        });
      });
      promotionDiscount += outcome.saved;
      const lineIds = [...new Set(outcome.lineIndexes)]
        .sort((a, b) => a - b)
        .map((i) => input.lines[i]?.lineId ?? '');
      return {
        promotionId: promotion.id,
        name: promotion.name,
        kind: promotion.rule.kind,
        saved: m(outcome.saved),
        lineIds,
        text: `${label} ${formatAmount(-outcome.saved, currency)}`,
        allowanceUsed: outcome.allowanceUsed,
      };
    },
  );

  let manualLineDiscount = 0;
  input.lines.forEach((line, i) => {
    const discount = line.manualDiscount;
    if (discount === null) return;
    const saved = discountOn(net[i] ?? 0, discount, options);
    if (saved <= 0) return;
    net[i] = (net[i] ?? 0) - saved;
    manualLineDiscount += saved;
    adjustments[i]?.push({
      kind: 'manualLineDiscount',
      discount,
      saved: m(saved),
      text: manualDiscountText(discount, 'line', saved, currency),
    });
  });

  let manualCartDiscount = 0;
  const cartDiscount = input.cartDiscount;
  if (cartDiscount !== null && net.length > 0) {
    const base = net.reduce((a, b) => a + b, 0);
    const total = discountOn(base, cartDiscount, options);
    allocate(total, net).forEach((saved, i) => {
      if (saved <= 0) return;
      net[i] = (net[i] ?? 0) - saved;
      manualCartDiscount += saved;
      adjustments[i]?.push({
        kind: 'manualCartDiscount',
        discount: cartDiscount,
        saved: m(saved),
        text: manualDiscountText(cartDiscount, 'cart', saved, currency),
      });
    });
  }

  const tax = taxByRate(
    input.lines.map((line) => line.taxRateBasisPoints),
    net,
    input.taxMode,
    options.taxRounding,
  );
  const lines: PricedLine[] = input.lines.map((line, i) => {
    const lineGross = gross[i] ?? 0;
    const lineNet = net[i] ?? 0;
    return {
      lineId: line.lineId,
      gross: m(lineGross),
      adjustments: adjustments[i] ?? [],
      discount: m(lineGross - lineNet),
      net: m(lineNet),
      taxRateBasisPoints: line.taxRateBasisPoints,
      tax: m(tax.lineTax[i] ?? 0),
    };
  });
  const subtotal = gross.reduce((a, b) => a + b, 0);
  const netTotal = net.reduce((a, b) => a + b, 0);
  const taxTotal = tax.rates.reduce((a, r) => a + r.tax, 0);
  return {
    currency,
    taxMode: input.taxMode,
    lines,
    appliedPromotions,
    totals: {
      subtotal: m(subtotal),
      promotionDiscount: m(promotionDiscount),
      manualLineDiscount: m(manualLineDiscount),
      manualCartDiscount: m(manualCartDiscount),
      discountTotal: m(promotionDiscount + manualLineDiscount + manualCartDiscount),
      net: m(netTotal),
      taxByRate: tax.rates.map((r) => ({
        rateBasisPoints: r.rateBasisPoints,
        base: m(r.base),
        tax: m(r.tax),
      })),
      taxTotal: m(taxTotal),
      total: m(input.taxMode === 'inclusive' ? netTotal : netTotal + taxTotal),
    },
    search: choice.report,
  };
}
