// Money: an integer amount of minor units (fen, cents, yen) together with its currency.
// Never a float: every operation is exact or rounds by a mode the caller names.
import { currency } from './currency';
import type { RoundingMode } from './rounding';
import { assertInteger, multiplyRatio } from './rounding';

export interface Money {
  /** Minor units: 1234 CNY is ¥12.34. */
  readonly amount: number;
  readonly currency: string;
}

export function money(amount: number, currencyCode: string): Money {
  assertInteger(amount, 'amount');
  currency(currencyCode);
  return { amount, currency: currencyCode };
}

export function zero(currencyCode: string): Money {
  return money(0, currencyCode);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new RangeError(`Cannot mix currencies ${a.currency} and ${b.currency}`);
  }
}

function safe(amount: number): number {
  assertInteger(amount, 'result');
  return amount;
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amount: safe(a.amount + b.amount), currency: a.currency };
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amount: safe(a.amount - b.amount), currency: a.currency };
}

export function negate(a: Money): Money {
  return { amount: a.amount === 0 ? 0 : -a.amount, currency: a.currency };
}

export function sum(items: readonly Money[], currencyCode: string): Money {
  return items.reduce((acc, m) => add(acc, m), zero(currencyCode));
}

/** A unit price times a whole quantity: exact, no rounding. */
export function multiplyByQuantity(unitPrice: Money, quantity: number): Money {
  assertInteger(quantity, 'quantity');
  return { amount: safe(unitPrice.amount * quantity), currency: unitPrice.currency };
}

/**
 * A price per `perUnits` (e.g. per 1000 g) times a measured quantity in the same unit (grams),
 * rounded by `mode`: ¥12.99/kg × 1.235 kg with halfUp → ¥16.04.
 */
export function multiplyByMeasure(
  pricePer: Money,
  measured: number,
  perUnits: number,
  mode: RoundingMode,
): Money {
  return {
    amount: multiplyRatio(pricePer.amount, measured, perUnits, mode),
    currency: pricePer.currency,
  };
}

/**
 * A share of an amount in basis points (1/100 of a percent), rounded: 10% off is 1000 bp.
 * Basis points keep percentages integer so rounding happens once, here.
 */
export function percentOf(amount: Money, basisPoints: number, mode: RoundingMode): Money {
  return {
    amount: multiplyRatio(amount.amount, basisPoints, 10_000, mode),
    currency: amount.currency,
  };
}

export function compare(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

export function isZero(a: Money): boolean {
  return a.amount === 0;
}
