// Tax classes: each product names one, and the class carries the VAT rate in basis points
// (1300 = 13 %, 900 = 9 %, 600 = 6 %, 0 = zero-rated or exempt) so tax maths stays integer.
import { z } from 'zod';

export interface TaxClass {
  readonly id: string;
  /** What the receipt and the back office call it, e.g. "VAT 13 %". */
  readonly name: string;
  /** 1300 = 13 %. Whole basis points, 0 to 10,000. */
  readonly rateBasisPoints: number;
}

export const taxRateBasisPointsSchema = z.int().min(0).max(10_000);

export const taxClassSchema: z.ZodType<TaxClass> = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  rateBasisPoints: taxRateBasisPointsSchema,
});

/** "13%", "6.5%" or "12.25%" for basis points: how receipts label tax rates and percentages off. */
export function formatPercent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const fraction = basisPoints % 100;
  if (fraction === 0) return `${whole}%`;
  return `${whole}.${String(fraction).padStart(2, '0').replace(/0$/, '')}%`;
}
