// The register's side of a flash-sale escrow lease: units the server set aside for this register
// so it can sell offline without overselling the chain. Time is judged on a monotonic clock since
// the last contact with the server, never on the register's wall clock (a cashier can change it).
import type { DomainError, Result } from '../result';
import { err, ok } from '../result';

export interface EscrowLease {
  readonly activityId: string;
  readonly registerId: string;
  /** Units granted so far (refills add to it). */
  readonly granted: number;
  readonly sold: number;
  /** Units handed back to the pool unsold (at expiry or shift close). */
  readonly returned: number;
  /** Server time at which the server may take the unsold units back. */
  readonly expiresAt: number;
}

/**
 * What the register knows about the time: the server's clock at the last successful contact, and
 * the monotonic time elapsed since (e.g. process.hrtime in the main process). After a restart the
 * monotonic reading since the contact is lost: pass `Infinity`, and the lease counts as expired
 * until the next contact.
 */
export interface LeaseClock {
  readonly serverTimeAtContact: number;
  readonly elapsedSinceContactMs: number;
}

/**
 * How long before `expiresAt` a register stops selling: covers drift between the register's
 * monotonic clock and the server's, and the time a sale takes to be recorded. One minute.
 */
export const DEFAULT_LEASE_SAFETY_MARGIN_MS = 60_000;

/** granted − sold − returned: units this register may still sell. */
export function unitsLeft(lease: EscrowLease): number {
  return lease.granted - lease.sold - lease.returned;
}

/** The register's estimate of the server's clock now. */
export function estimatedServerTime(clock: LeaseClock): number {
  if (!(clock.elapsedSinceContactMs >= 0)) {
    throw new RangeError('elapsed time since contact must be ≥ 0 (use Infinity when unknown)');
  }
  return clock.serverTimeAtContact + clock.elapsedSinceContactMs;
}

/** Whether the lease is still in time: estimated server time < expiresAt − margin. */
export function isLeaseUsable(
  lease: EscrowLease,
  clock: LeaseClock,
  safetyMarginMs: number = DEFAULT_LEASE_SAFETY_MARGIN_MS,
): boolean {
  return estimatedServerTime(clock) < lease.expiresAt - safetyMarginMs;
}

export type LeaseSaleError = DomainError<
  'lease.quantityInvalid' | 'lease.expired' | 'lease.exhausted'
>;

/** Sells `quantity` units from the lease, refused once it is out of time or out of units. */
export function sellFromLease(
  lease: EscrowLease,
  quantity: number,
  clock: LeaseClock,
  safetyMarginMs: number = DEFAULT_LEASE_SAFETY_MARGIN_MS,
): Result<EscrowLease, LeaseSaleError> {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    return err('lease.quantityInvalid', 'The quantity must be a whole number above zero.', {
      quantity,
    });
  }
  if (!isLeaseUsable(lease, clock, safetyMarginMs)) {
    return err(
      'lease.expired',
      'This register can no longer sell flash-sale units offline: reconnect to renew its share.',
      { activityId: lease.activityId, expiresAt: lease.expiresAt },
    );
  }
  const left = unitsLeft(lease);
  if (quantity > left) {
    return err(
      'lease.exhausted',
      left === 0
        ? 'This register has no flash-sale units left.'
        : `This register has only ${left} flash-sale units left.`,
      { activityId: lease.activityId, unitsLeft: left, requested: quantity },
    );
  }
  return ok({ ...lease, sold: lease.sold + quantity });
}

/**
 * Units to ask the server for: none while above the low-water mark, else enough to bring the lease
 * back up to `refillTo`.
 */
export function refillQuantity(
  lease: EscrowLease,
  policy: { readonly lowWaterMark: number; readonly refillTo: number },
): number {
  const left = unitsLeft(lease);
  return left > policy.lowWaterMark ? 0 : Math.max(0, policy.refillTo - left);
}
