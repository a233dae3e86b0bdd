// Converting between minor units and the decimal text people type and receipts print.
import { currency } from './currency';
import { assertInteger } from './rounding';

/** "12.34" for 1234 CNY, "1234" for 1234 JPY, "-0.05" for −5 CNY. No symbol, no grouping. */
export function toDecimalString(amount: number, currencyCode: string): string {
  // A fractional amount would print as nonsense ("12..5"): it is a programmer error, not input.
  assertInteger(amount, 'amount');
  const { exponent } = currency(currencyCode);
  const negative = amount < 0;
  const digits = Math.abs(amount)
    .toString()
    .padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export type ParseDecimalError =
  | { code: 'money.notANumber'; message: string }
  | { code: 'money.tooManyDecimals'; message: string }
  | { code: 'money.tooLarge'; message: string };

/** "12.5" → 1250 for CNY. Refuses more decimals than the currency has rather than rounding. */
export function parseDecimal(
  text: string,
  currencyCode: string,
): { ok: true; value: number } | { ok: false; error: ParseDecimalError } {
  const { exponent } = currency(currencyCode);
  const match = /^\s*(-)?(\d+)(?:\.(\d*))?\s*$/.exec(text);
  if (!match) {
    return {
      ok: false,
      error: { code: 'money.notANumber', message: `"${text}" is not an amount` },
    };
  }
  const [, minus, whole = '', fraction = ''] = match;
  if (fraction.length > exponent) {
    return {
      ok: false,
      error: {
        code: 'money.tooManyDecimals',
        message: `${currencyCode} amounts have at most ${exponent} decimals`,
      },
    };
  }
  const value = Number(`${whole}${fraction.padEnd(exponent, '0')}`);
  if (!Number.isSafeInteger(value)) {
    return { ok: false, error: { code: 'money.tooLarge', message: 'Amount is too large' } };
  }
  return { ok: true, value: minus && value !== 0 ? -value : value };
}
