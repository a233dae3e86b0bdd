// Zod shapes for money as it arrives from the server or the local database: integer minor units
// and a currency the register knows, so a malformed price is refused at the door.
import { z } from 'zod';
import type { Money } from '../money';
import { findCurrency } from '../money';

export const currencyCodeSchema = z
  .string()
  .refine((code) => findCurrency(code) !== undefined, { message: 'unknown ISO 4217 currency' });

/** A whole number of minor units that JavaScript holds exactly. */
export const minorUnitsSchema = z
  .int()
  .refine(Number.isSafeInteger, { message: 'not a safe integer' });

export const moneySchema: z.ZodType<Money> = z.object({
  amount: minorUnitsSchema,
  currency: currencyCodeSchema,
});
