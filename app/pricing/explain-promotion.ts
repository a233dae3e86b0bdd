// The short English texts shown on the receipt and the screen for each discount: what the
// promotion is ("Buy 2 get 1 free") and what it saved on the line. Head office's promotion name
// travels next to the text, so a localized name is never lost.
import { formatPercent } from '../catalog';
import { toDecimalString } from '../money';
import { missingCase } from '../result';
import type { ManualDiscount } from './pricing-input';
import type { Promotion, PromotionRule } from './promotion';

// Symbols for the currencies a receipt is likely to print; any other shows its ISO code.
const SYMBOLS: Readonly<Record<string, string>> = {
  CNY: '¥',
  JPY: '¥',
  USD: '$',
  HKD: 'HK$',
  EUR: '€',
  GBP: '£',
};

/** "¥12.34" for 1234 CNY; "KWD 1.234" where no symbol is known. */
export function formatAmount(amount: number, currencyCode: string): string {
  const symbol = SYMBOLS[currencyCode];
  const sign = amount < 0 ? '−' : '';
  const digits = toDecimalString(Math.abs(amount), currencyCode);
  return symbol === undefined ? `${sign}${currencyCode} ${digits}` : `${sign}${symbol}${digits}`;
}

function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

function offText(basisPoints: number): string {
  return basisPoints >= 10_000 ? 'free' : `${formatPercent(basisPoints)} off`;
}

/** What a promotion gives, in a few words. */
export function describeRule(rule: PromotionRule, currencyCode: string): string {
  switch (rule.kind) {
    case 'percentOff':
      return `${formatPercent(rule.basisPoints)} off`;
    case 'amountOff':
      return rule.per === 'unit'
        ? `${formatAmount(rule.amount, currencyCode)} off each`
        : `${formatAmount(rule.amount, currencyCode)} off`;
    case 'fixedPrice':
      return `Special price ${formatAmount(rule.unitPrice, currencyCode)}`;
    case 'buyXGetY': {
      const what = rule.get.kind === 'sameTargets' ? '' : ' selected';
      return `Buy ${rule.buyQuantity} get ${rule.getQuantity}${what} ${offText(rule.basisPoints)}`;
    }
    case 'bundle': {
      const count = rule.items.reduce((n, item) => n + item.quantity, 0);
      return `Combo: ${count} for ${formatAmount(rule.price, currencyCode)}`;
    }
    case 'nthItemOff':
      return `${ordinal(rule.n)} item ${offText(rule.basisPoints)}`;
    case 'memberPrice':
      return 'Member price';
    case 'flashSale':
      return `Flash sale ${formatAmount(rule.flashPrice, currencyCode)}`;
    default:
      return missingCase(rule);
  }
}

/** What a promotion is, for every line it touches: "Coupon SAVE10: 10% off". */
export function promotionLabel(promotion: Promotion, currencyCode: string): string {
  const coupon = promotion.couponCode === undefined ? '' : `Coupon ${promotion.couponCode}: `;
  return `${coupon}${describeRule(promotion.rule, currencyCode)}`;
}

/** The line text: "Coupon SAVE10: 10% off −¥1.20". */
export function promotionText(promotion: Promotion, saved: number, currencyCode: string): string {
  return `${promotionLabel(promotion, currencyCode)} ${formatAmount(-saved, currencyCode)}`;
}

export function manualDiscountText(
  discount: ManualDiscount,
  scope: 'line' | 'cart',
  saved: number,
  currencyCode: string,
): string {
  const what = scope === 'line' ? 'Line discount' : 'Cart discount';
  const size =
    discount.kind === 'percent'
      ? formatPercent(discount.basisPoints)
      : formatAmount(discount.amount, currencyCode);
  return `${what} ${size} ${formatAmount(-saved, currencyCode)}`;
}
