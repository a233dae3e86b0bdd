// Grants and takes back flash-sale leases. A grant takes its units from the sale's counter through
// the same atomic check-and-decrement the reservation desk uses (in process or Redis), so open
// leases plus online reservations never pass the sale's stock; a return gives the unsold units
// back to it. Units move on the counter first and are recorded after, and a failed record gives
// them back: a crash leaves units unsold, never sold twice.
import { randomUUID } from 'node:crypto';
import { flashSaleStatus } from '../../../app/flash-sale';
import { missingCase } from '../../../app/result';
import type { Db, SqlRunner } from '../db/db';
import type { FlashStock } from '../flash-sale/flash-stock';
import type { ReservationDesk } from '../flash-sale/reservation-desk';
import { ApiError } from '../http/api-error';
import type { LeaseRow } from './lease-books';
import {
  insertLease,
  leaseHolder,
  leaseUnitsLeft,
  lockLease,
  openLeaseFor,
  saveLease,
} from './lease-books';

export interface LeasePolicy {
  /** How long a lease lives after a grant or refill (capped by the sale's end). */
  readonly ttlMs: number;
  /** Units one register may hold unsold at a time: a refill tops up to this at most. */
  readonly capPerRegister: number;
  /**
   * How long after expiry the unsold units stay set aside before the expiry job takes them back:
   * time for a register that sold just before its expiry to push those sales.
   */
  readonly reclaimGraceMs: number;
}

/** Half an hour, 50 units, 10 minutes: a till's share of a hot item for one busy spell offline. */
export const DEFAULT_LEASE_POLICY: LeasePolicy = {
  ttlMs: 30 * 60_000,
  capPerRegister: 50,
  reclaimGraceMs: 10 * 60_000,
};

export interface LeaseGrant {
  readonly lease: LeaseRow;
  readonly grantedNow: number;
}

export interface LeaseDesk {
  grant(
    input: Readonly<{ saleId: string; registerId: string; storeId: string; quantity: number }>,
  ): Promise<LeaseGrant>;
  /** The register hands its lease back; `sold` is its own count, pushed or not. */
  giveBack(
    input: Readonly<{ leaseId: string; registerId: string; sold: number }>,
  ): Promise<LeaseRow>;
}

/** Tries a few times: another till may take units between the read and the decrement. */
const TAKE_ATTEMPTS = 5;

export function createLeaseDesk(
  options: Readonly<{
    db: Db;
    desk: ReservationDesk;
    stock: FlashStock;
    clock: () => number;
    policy?: LeasePolicy;
  }>,
): LeaseDesk {
  const policy = options.policy ?? DEFAULT_LEASE_POLICY;
  const { stock } = options;

  /** Up to `wanted` units off the counter; fewer (or none) when the sale is nearly gone. */
  async function takeUnits(saleId: string, registerId: string, wanted: number): Promise<number> {
    for (let attempt = 0; attempt < TAKE_ATTEMPTS; attempt += 1) {
      const left = (await stock.unitsLeft(saleId)) ?? 0;
      const n = Math.min(wanted, left);
      if (n <= 0) return 0;
      const outcome = await stock.reserve(
        saleId,
        leaseHolder(registerId),
        n,
        Number.MAX_SAFE_INTEGER,
      );
      switch (outcome.kind) {
        case 'reserved':
          return n;
        case 'soldOut':
          continue;
        case 'notWarmed':
          throw new ApiError(503, 'flashSale.warming', 'The sale is getting ready; try again.');
        case 'limitExceeded':
          // Leases take units without a member limit; the counter cannot refuse on that ground.
          throw new Error(`lease holder over its limit: ${outcome.held}`);
        default:
          return missingCase(outcome);
      }
    }
    return 0;
  }

  async function grantInTx(
    tx: SqlRunner,
    input: Readonly<{ saleId: string; registerId: string; storeId: string; quantity: number }>,
    productId: string,
    expiresAt: number,
    now: number,
    taken: { units: number },
  ): Promise<LeaseGrant> {
    const current = await openLeaseFor(tx, input.saleId, input.registerId);
    const held = current === undefined ? 0 : leaseUnitsLeft(current);
    const wanted = Math.min(input.quantity, policy.capPerRegister - held);
    if (wanted > 0) taken.units = await takeUnits(input.saleId, input.registerId, wanted);
    if (current === undefined) {
      if (taken.units === 0) {
        throw new ApiError(409, 'flashSale.soldOut', 'No units of this flash sale are left.');
      }
      const lease = await insertLease(tx, {
        id: `fl_${randomUUID()}`,
        saleId: input.saleId,
        registerId: input.registerId,
        storeId: input.storeId,
        productId,
        granted: taken.units,
        expiresAt,
        now,
      });
      return { lease, grantedNow: taken.units };
    }
    if (taken.units === 0) return { lease: current, grantedNow: 0 };
    const lease = await saveLease(tx, {
      ...current,
      granted: current.granted + taken.units,
      // A refill extends the lease (app/flash-sale's grantLease: the later expiry wins).
      expires_at: Math.max(Number(current.expires_at), expiresAt),
      updated_at: now,
    });
    return { lease, grantedNow: taken.units };
  }

  return {
    async grant(input) {
      const now = options.clock();
      const sale = await options.desk.sale(input.saleId);
      if (sale === undefined) {
        throw new ApiError(404, 'flashSale.notFound', `There is no flash sale ${input.saleId}.`);
      }
      if (sale.storeId !== input.storeId) {
        throw new ApiError(
          403,
          'auth.otherStore',
          "This register may not use another store's data.",
        );
      }
      const status = flashSaleStatus(sale, now, 0);
      if (status !== 'active') {
        throw new ApiError(
          409,
          'flashSale.notActive',
          `This flash sale is ${status}: no units can be leased now.`,
        );
      }
      const expiresAt = Math.min(now + policy.ttlMs, sale.endsAt);
      const taken = { units: 0 };
      try {
        return await options.db.transaction((tx) =>
          grantInTx(tx, input, sale.productId, expiresAt, now, taken),
        );
      } catch (error) {
        if (taken.units > 0) {
          await stock.giveBack(input.saleId, leaseHolder(input.registerId), taken.units);
          options.desk.clearSoldOut(input.saleId);
        }
        throw error;
      }
    },

    async giveBack(input) {
      const now = options.clock();
      const { lease, unsold } = await options.db.transaction(async (tx) => {
        const row = await lockLease(tx, input.leaseId);
        if (row === undefined || row.register_id !== input.registerId) {
          throw new ApiError(
            404,
            'lease.notFound',
            `This register holds no lease ${input.leaseId}.`,
          );
        }
        // Already closed (expired, or a repeated return): answered as it stands.
        if (row.status !== 'open') return { lease: row, unsold: 0 };
        const claimedSold = Math.min(input.sold, row.granted - row.returned);
        const inTransit = Math.max(0, claimedSold - row.sold);
        const unsoldUnits = leaseUnitsLeft(row) - inTransit;
        const saved = await saveLease(tx, {
          ...row,
          returned: row.returned + unsoldUnits,
          in_transit: inTransit,
          status: 'returned',
          updated_at: now,
          closed_at: now,
        });
        return { lease: saved, unsold: unsoldUnits };
      });
      // After the commit, never before (flash-sale-jobs' rule): a crash in between leaves units
      // unsold rather than selling them twice.
      if (unsold > 0) {
        await stock.giveBack(lease.sale_id, leaseHolder(lease.register_id), unsold);
        options.desk.clearSoldOut(lease.sale_id);
      }
      return lease;
    },
  };
}
