// The server's side of flash-sale escrow: the units of one sale not yet sold (the pool) and the
// leases granted from it. The invariant that keeps the chain from overselling, online or offline:
// the units registers still hold never add up to more than the pool.
import type { DomainError, Result } from '../result';
import { err, ok } from '../result';
import type { EscrowLease } from './escrow-lease';
import { unitsLeft } from './escrow-lease';

export interface LeaseBook {
  readonly activityId: string;
  /** Units of the sale not yet sold, whether leased out or not. Never below zero. */
  readonly pool: number;
  /** At most one lease per register; refills top it up. */
  readonly leases: readonly EscrowLease[];
}

export type LeaseBookError = DomainError<
  | 'lease.quantityInvalid'
  | 'lease.poolExhausted'
  | 'lease.notFound'
  | 'lease.exhausted'
  | 'lease.poolOverdrawn'
>;

/** Units held by registers and not yet sold or returned. */
export function outstandingUnits(book: LeaseBook): number {
  return book.leases.reduce((total, lease) => total + unitsLeft(lease), 0);
}

/** Units of the pool no register holds: what online sales and new leases may take. */
export function freeUnits(book: LeaseBook): number {
  return book.pool - outstandingUnits(book);
}

function quantityInvalid(quantity: number): Result<never, LeaseBookError> {
  return err('lease.quantityInvalid', 'The quantity must be a whole number above zero.', {
    quantity,
  });
}

function isPositiveInteger(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0;
}

function replaceLease(book: LeaseBook, lease: EscrowLease): LeaseBook {
  const others = book.leases.filter((l) => l.registerId !== lease.registerId);
  return { ...book, leases: [...others, lease] };
}

/**
 * Grants (or refills) a register's lease from the free units. A refill extends the expiry to the
 * later of the two. Refused when the free units are short, so the invariant always holds.
 */
export function grantLease(
  book: LeaseBook,
  input: { readonly registerId: string; readonly quantity: number; readonly expiresAt: number },
): Result<{ readonly book: LeaseBook; readonly lease: EscrowLease }, LeaseBookError> {
  if (!isPositiveInteger(input.quantity)) return quantityInvalid(input.quantity);
  const free = freeUnits(book);
  if (input.quantity > free) {
    return err('lease.poolExhausted', `Only ${free} flash-sale units can be leased.`, {
      activityId: book.activityId,
      free,
      requested: input.quantity,
    });
  }
  const current = book.leases.find((l) => l.registerId === input.registerId);
  const lease: EscrowLease =
    current === undefined
      ? {
          activityId: book.activityId,
          registerId: input.registerId,
          granted: input.quantity,
          sold: 0,
          returned: 0,
          expiresAt: input.expiresAt,
        }
      : {
          ...current,
          granted: current.granted + input.quantity,
          expiresAt: Math.max(current.expiresAt, input.expiresAt),
        };
  return ok({ book: replaceLease(book, lease), lease });
}

/**
 * A register reports units sold from its lease: they leave the pool. More than the lease holds is
 * refused: the register cannot have sold them under the lease, so the caller books the report as a
 * reconciliation item rather than letting the pool go negative.
 */
export function recordLeaseSale(
  book: LeaseBook,
  registerId: string,
  quantity: number,
): Result<LeaseBook, LeaseBookError> {
  if (!isPositiveInteger(quantity)) return quantityInvalid(quantity);
  const lease = book.leases.find((l) => l.registerId === registerId);
  if (lease === undefined) {
    return err('lease.notFound', `Register ${registerId} holds no lease for this flash sale.`, {
      registerId,
    });
  }
  const left = unitsLeft(lease);
  if (quantity > left) {
    return err('lease.exhausted', `The lease of ${registerId} holds only ${left} units.`, {
      registerId,
      unitsLeft: left,
      requested: quantity,
    });
  }
  return ok(
    replaceLease(
      { ...book, pool: book.pool - quantity },
      { ...lease, sold: lease.sold + quantity },
    ),
  );
}

/**
 * The register hands its unsold units back (shift close, or its report after expiry): they are
 * free for others again. The server takes back an expired lease only once the register's sales up
 * to the expiry have been reported; the register stops selling `safetyMargin` before expiry.
 */
export function returnLease(
  book: LeaseBook,
  registerId: string,
): Result<LeaseBook, LeaseBookError> {
  const lease = book.leases.find((l) => l.registerId === registerId);
  if (lease === undefined) {
    return err('lease.notFound', `Register ${registerId} holds no lease for this flash sale.`, {
      registerId,
    });
  }
  return ok(replaceLease(book, { ...lease, returned: lease.returned + unitsLeft(lease) }));
}

/** An online (central) flash sale: check-and-decrement on the free units, never below zero. */
export function sellFromPool(book: LeaseBook, quantity: number): Result<LeaseBook, LeaseBookError> {
  if (!isPositiveInteger(quantity)) return quantityInvalid(quantity);
  const free = freeUnits(book);
  if (quantity > free) {
    return err('lease.poolExhausted', `Only ${free} flash-sale units are left.`, {
      activityId: book.activityId,
      free,
      requested: quantity,
    });
  }
  return ok({ ...book, pool: book.pool - quantity });
}

/** Units of an expired unpaid flash order (or a failed order creation) go back to the pool. */
export function returnToPool(book: LeaseBook, quantity: number): Result<LeaseBook, LeaseBookError> {
  if (!isPositiveInteger(quantity)) return quantityInvalid(quantity);
  return ok({ ...book, pool: book.pool + quantity });
}

/** The chain invariant: pool ≥ 0, every lease consistent, leases outstanding ≤ pool. */
export function checkLeaseBook(book: LeaseBook): Result<true, LeaseBookError> {
  const broken = book.leases.find((l) => l.sold < 0 || l.returned < 0 || unitsLeft(l) < 0);
  const outstanding = outstandingUnits(book);
  if (book.pool < 0 || broken !== undefined || outstanding > book.pool) {
    return err('lease.poolOverdrawn', 'Flash-sale leases exceed the units left in the sale.', {
      activityId: book.activityId,
      pool: book.pool,
      outstanding,
    });
  }
  return ok(true);
}
