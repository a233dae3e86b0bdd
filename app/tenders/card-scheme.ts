// Card schemes a counter in mainland China sees, and how to tell them from the first digits when
// the terminal does not say.
import type { MaskedPan } from './masked-pan';
import { panBin } from './masked-pan';

export type CardScheme = 'unionPay' | 'visa' | 'mastercard' | 'amex' | 'jcb' | 'discover' | 'other';

export const CARD_SCHEMES: readonly CardScheme[] = [
  'unionPay',
  'visa',
  'mastercard',
  'amex',
  'jcb',
  'discover',
  'other',
];

/** Scheme from the BIN ranges; the terminal's own answer, when it gives one, is better. */
export function cardSchemeFromPan(pan: MaskedPan): CardScheme {
  const bin = Number(panBin(pan));
  const two = Math.floor(bin / 10_000);
  const four = Math.floor(bin / 100);
  // Discover's 622126–622925 sits inside UnionPay's 62; in China that range is UnionPay cards.
  if (two === 62 || two === 81) return 'unionPay';
  if (two >= 40 && two <= 49) return 'visa';
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  if (four >= 3528 && four <= 3589) return 'jcb';
  if (four === 6011 || two === 65 || (four >= 6440 && four <= 6499)) return 'discover';
  return 'other';
}
