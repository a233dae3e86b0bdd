// Stock held by a parked cart goes back on sale once the cart has been parked for more than
// 15 minutes (SPEC: unpaid orders do not hold stock longer); recalling the cart holds it again.
// The core runs this every minute; tests call it with their own clock.
import { writeAudit } from '../audit/audit-log';
import { releaseCart } from '../stock/cart-stock';
import type { RegisterDb } from '../store/register-db';
import { writeTransaction } from '../store/write-transaction';

export const PARKED_LOCK_TTL_MS = 15 * 60_000;

/** How often the core looks: a lock is freed at most this long after its 15 minutes are up. */
export const PARKED_LOCK_SWEEP_MS = 60_000;

export interface ReleasedCart {
  readonly cartId: string;
  readonly parkedAt: number;
  readonly products: number;
  readonly units: number;
}

/** Frees the locks of every cart parked more than 15 minutes before `now`, one audit row each. */
export function releaseExpiredParkedLocks(
  db: RegisterDb,
  options: Readonly<{ storeId: string; now: number }>,
): readonly ReleasedCart[] {
  const { storeId, now } = options;
  return writeTransaction(db, () => {
    const expired = db
      .prepare<[number], ReleasedCart>(
        `SELECT c.cart_id AS cartId, c.parked_at AS parkedAt, count(*) AS products,
                sum(l.quantity) AS units
         FROM cart c JOIN stock_lock l ON l.cart_id = c.cart_id
         WHERE c.status = 'parked' AND c.parked_at < ?
         GROUP BY c.cart_id ORDER BY c.parked_at`,
      )
      .all(now - PARKED_LOCK_TTL_MS);
    for (const cart of expired) {
      releaseCart(db, storeId, cart.cartId, now);
      writeAudit(db, {
        at: now,
        staffId: null,
        action: 'stock.parkedLocksReleased',
        subject: cart.cartId,
        details: { parkedAt: cart.parkedAt, products: cart.products, units: cart.units },
      });
    }
    return expired;
  })();
}
