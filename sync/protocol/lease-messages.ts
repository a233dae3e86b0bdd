// The escrow conversation: a register asks for flash-sale units to sell offline (a lease) and for a
// member's points it may redeem offline (an allowance); it hands a lease back at shift close.
// Every answer carries the server's clock so the register can judge expiry on its monotonic clock.
import { z } from 'zod';

export const LEASES_PATH = '/sync/leases';
export const ALLOWANCES_PATH = '/sync/allowances';

/** `POST /sync/leases/:leaseId/return`. */
export function leaseReturnPath(leaseId: string): string {
  return `${LEASES_PATH}/${encodeURIComponent(leaseId)}/return`;
}

/** Units one request may ask for: a lease is a till's share, not a warehouse. */
export const MAX_LEASE_REQUEST = 10_000;
/** Points one allowance request may ask for. */
export const MAX_ALLOWANCE_REQUEST = 1_000_000;

const idSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only');
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const time = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const leaseRequestSchema = z
  .object({
    schema_version: z.number().int().min(1),
    flash_sale_id: idSchema,
    /** Units wanted now: a first lease, or a refill at the low-water mark. */
    quantity: z.number().int().min(1).max(MAX_LEASE_REQUEST),
  })
  .strict();
export type LeaseRequest = z.infer<typeof leaseRequestSchema>;

export const LEASE_STATUSES = ['open', 'returned', 'expired'] as const;
export type LeaseStatus = (typeof LEASE_STATUSES)[number];

export const wireLeaseSchema = z
  .object({
    lease_id: idSchema,
    flash_sale_id: idSchema,
    product_id: idSchema,
    /** Units granted so far (refills add to it). */
    granted: count,
    /** Units the server has booked as sold from it (pushed sales). */
    sold: count,
    /** Units handed back to the pool (shift close or expiry). */
    returned: count,
    /** Server time after which the server takes the unsold units back. */
    expires_at: time,
    status: z.enum(LEASE_STATUSES),
  })
  .strict();
export type WireLease = z.infer<typeof wireLeaseSchema>;

export const leaseAnswerSchema = z
  .object({
    schema_version: z.number().int().min(1),
    /** The server's clock when it answered: the register's contact point for expiry. */
    server_time: time,
    lease: wireLeaseSchema,
    /** Units this request added (0 when the register's cap or the pool allowed none). */
    granted_now: count,
  })
  .strict();
export type LeaseAnswer = z.infer<typeof leaseAnswerSchema>;

export const leaseReturnSchema = z
  .object({
    schema_version: z.number().int().min(1),
    /**
     * Units the register sold from the lease, pushed or not: the server keeps back those it has
     * not yet seen, so a sale still in the outbox never finds its units given to someone else.
     */
    sold: count,
  })
  .strict();
export type LeaseReturn = z.infer<typeof leaseReturnSchema>;

export const allowanceRequestSchema = z
  .object({
    schema_version: z.number().int().min(1),
    member_id: idSchema,
    /** Points the register wants to be able to redeem offline from now on. */
    points: z.number().int().min(1).max(MAX_ALLOWANCE_REQUEST),
    /** Points this register redeemed against its allowance so far, pushed or not. */
    redeemed: count,
  })
  .strict();
export type AllowanceRequest = z.infer<typeof allowanceRequestSchema>;

export const wireAllowanceSchema = z
  .object({
    allowance_id: idSchema,
    member_id: idSchema,
    /** Points granted to this register for this member so far (top-ups add to it). */
    granted: count,
    /** Points of it the server has seen redeemed (pushed redemptions). */
    used: count,
    /** The member's balance on the server. */
    balance: z.number().int(),
  })
  .strict();
export type WireAllowance = z.infer<typeof wireAllowanceSchema>;

export const allowanceAnswerSchema = z
  .object({
    schema_version: z.number().int().min(1),
    server_time: time,
    allowance: wireAllowanceSchema,
    /** Points this request added. */
    granted_now: count,
  })
  .strict();
export type AllowanceAnswer = z.infer<typeof allowanceAnswerSchema>;
