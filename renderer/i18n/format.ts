// Money and dates for the screen, through Intl in the chosen locale. Amounts arrive in minor units.
import { minorPerMajor } from '../../app/money';
import type { Locale } from './messages';

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(locale: Locale, amount: number, currency: string): string {
  const key = `${locale}/${currency}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
    });
    moneyFormats.set(key, format);
  }
  return format.format(amount / minorPerMajor(currency));
}

export function formatDateTime(locale: Locale, at: number): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(locale: Locale, value: number): string {
  // Built once per locale: a format is costly to make, and every cart row shows a quantity.
  let format = numberFormats.get(locale);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/**
 * The store's currency, for views that carry amounts only (parked carts, returns, low stock): the
 * register sells in one currency, the one its open cart and shift state when they are at hand.
 */
export const STORE_CURRENCY = 'CNY';
