// Card numbers as a terminal reports them, turned into app/tenders' MaskedPan (first 6, last 4):
// one masked-PAN type for the whole register, never a whole number (PCI DSS).
import type { MaskedPan } from '../../app/tenders';
import { maskPan, parseMaskedPan } from '../../app/tenders';

export { passesLuhn } from '../../app/tenders';

export type { MaskedPan };

/**
 * Accepts a masked PAN as the terminal sends it. A terminal that sends the whole number is
 * misconfigured: we mask it at once, and the caller logs the fact (never the number).
 */
export function readMaskedPan(text: string): { pan: MaskedPan; wasFull: boolean } | undefined {
  const masked = parseMaskedPan(text);
  if (masked.ok) return { pan: masked.value, wasFull: false };
  if (!/^\d+$/.test(text)) return undefined;
  const full = maskPan(text);
  return full.ok ? { pan: full.value, wasFull: true } : undefined;
}
