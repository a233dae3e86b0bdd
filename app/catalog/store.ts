// The store, its registers and its staff: the settings pricing and tender depend on (currency,
// whether shelf prices include tax, cash rounding) and the roles that may approve exceptions.
import { z } from 'zod';
import type { CashRounding } from '../money';
import { currencyCodeSchema } from './money-schema';

/**
 * 'inclusive': shelf prices include VAT and the receipt shows the tax included (mainland China).
 * 'exclusive': tax is added on top of the shelf price.
 */
export type TaxMode = 'inclusive' | 'exclusive';

export interface Store {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  /** IANA zone, e.g. 'Asia/Shanghai': for shift days and report dates, never for arithmetic. */
  readonly timezone: string;
  readonly taxMode: TaxMode;
  /** How a cash amount due is rounded (DROP_THE_FEN in many mainland stores). */
  readonly cashRounding: CashRounding;
}

export interface Register {
  readonly id: string;
  readonly storeId: string;
  readonly name: string;
}

export const STAFF_ROLES = ['cashier', 'supervisor', 'manager', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  readonly id: string;
  readonly name: string;
  readonly role: StaffRole;
}

/** True when `role` carries at least the authority of `required` (cashier < … < admin). */
export function roleAtLeast(role: StaffRole, required: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(required);
}

export const cashRoundingSchema: z.ZodType<CashRounding> = z.object({
  increment: z.int().min(1),
  mode: z.enum(['halfUp', 'halfEven', 'down', 'up']),
});

export const storeSchema: z.ZodType<Store> = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  currency: currencyCodeSchema,
  timezone: z.string().min(1),
  taxMode: z.enum(['inclusive', 'exclusive']),
  cashRounding: cashRoundingSchema,
});

export const registerSchema: z.ZodType<Register> = z.object({
  id: z.string().min(1),
  storeId: z.string().min(1),
  name: z.string().min(1),
});

export const staffUserSchema: z.ZodType<StaffUser> = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  role: z.enum(STAFF_ROLES),
});
