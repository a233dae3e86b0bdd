// The cart in progress, saved after every change (with any payment already taken) so that a
// crash or a restart loses no scan and no tender.
import type { Cart } from '../../app/cart';
import type { Payment } from '../../app/tenders';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

export interface SavedCart {
  readonly cart: Cart;
  /** Present once the first tender was taken: the cart is then frozen until paid or cancelled. */
  readonly payment: Payment | null;
  readonly status: 'open' | 'parked';
  readonly parkedAt: number | null;
  /**
   * Units at the flash price by flash sale, as last shown: a tender that would give fewer (the
   * lease ran out of time meanwhile) is refused once so the cashier sees the new price. Frozen
   * once payment started: what was charged is what the sale records.
   */
  readonly flashQuote?: Readonly<Record<string, number>>;
}

interface CartRow {
  state: string;
  status: 'open' | 'parked';
  parked_at: number | null;
}

function fromRow(row: CartRow): SavedCart {
  const state = JSON.parse(row.state) as {
    cart: Cart;
    payment: Payment | null;
    flashQuote?: Record<string, number>;
  };
  return {
    cart: state.cart,
    payment: state.payment,
    status: row.status,
    parkedAt: row.parked_at,
    ...(state.flashQuote === undefined ? {} : { flashQuote: state.flashQuote }),
  };
}

export function loadOpenCart(db: RegisterDb): SavedCart | undefined {
  const row = statement<[], CartRow>(
    db,
    "SELECT state, status, parked_at FROM cart WHERE status = 'open' ORDER BY opened_at DESC LIMIT 1",
  ).get();
  return row === undefined ? undefined : fromRow(row);
}

export function loadCart(db: RegisterDb, cartId: string): SavedCart | undefined {
  const row = statement<[string], CartRow>(
    db,
    'SELECT state, status, parked_at FROM cart WHERE cart_id = ?',
  ).get(cartId);
  return row === undefined ? undefined : fromRow(row);
}

export function listParkedCarts(db: RegisterDb): SavedCart[] {
  return statement<[], CartRow>(
    db,
    "SELECT state, status, parked_at FROM cart WHERE status = 'parked' ORDER BY parked_at",
  )
    .all()
    .map(fromRow);
}

export function saveCart(db: RegisterDb, saved: SavedCart, at: number): void {
  statement(
    db,
    `INSERT INTO cart (cart_id, state, status, opened_at, updated_at, parked_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (cart_id) DO UPDATE SET state = excluded.state, status = excluded.status,
       updated_at = excluded.updated_at, parked_at = excluded.parked_at`,
  ).run(
    saved.cart.cartId,
    JSON.stringify({ cart: saved.cart, payment: saved.payment, flashQuote: saved.flashQuote }),
    saved.status,
    saved.cart.openedAt,
    at,
    saved.parkedAt,
  );
}

export function deleteCart(db: RegisterDb, cartId: string): void {
  statement(db, 'DELETE FROM cart WHERE cart_id = ?').run(cartId);
}
