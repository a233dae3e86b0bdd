// ISO 4217 currencies and their minor-unit exponents: how many decimals an amount has.

export interface Currency {
  readonly code: string;
  /** Number of minor-unit decimals: CNY 2 (fen), JPY 0, KWD 3 (fils). */
  readonly exponent: number;
}

// Exponents from ISO 4217. Currencies not listed are refused rather than guessed: a wrong exponent
// would misprice every line by a factor of ten.
// prettier-ignore
const EXPONENTS: Readonly<Record<string, number>> = {
  CNY: 2, HKD: 2, MOP: 2, TWD: 2, USD: 2, EUR: 2, GBP: 2, CHF: 2, CAD: 2, AUD: 2, NZD: 2,
  SGD: 2, MYR: 2, THB: 2, PHP: 2, INR: 2, IDR: 2, RUB: 2, BRL: 2, MXN: 2, ZAR: 2, SEK: 2,
  NOK: 2, DKK: 2, PLN: 2, CZK: 2, HUF: 2, TRY: 2, AED: 2, SAR: 2, ILS: 2, EGP: 2, NGN: 2,
  JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, PYG: 0, UGX: 0, XAF: 0, XOF: 0,
  KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3, LYD: 3, IQD: 3,
};

export function findCurrency(code: string): Currency | undefined {
  // Own keys only: 'toString' or '__proto__' must not find Object.prototype's members.
  if (!Object.hasOwn(EXPONENTS, code)) return undefined;
  const exponent = EXPONENTS[code];
  return exponent === undefined ? undefined : { code, exponent };
}

export function currency(code: string): Currency {
  const found = findCurrency(code);
  if (!found) throw new RangeError(`Unknown currency '${code}': use an ISO 4217 code such as CNY`);
  return found;
}

/** 10^exponent: minor units in one major unit (100 fen in a yuan). */
export function minorPerMajor(code: string): number {
  return 10 ** currency(code).exponent;
}
