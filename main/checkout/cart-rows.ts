// The cart in progress, saved after every change (with any payment already taken) so that a
// crash or a restart loses no scan and no tender.
//
// A cart is one `cart` row (everything but the lines) and one `cart_line` row per line, by its
// position. Why not one JSON document: a scan then rewrote the whole cart — 60 KB for 100 lines,
// stringified and written to the log on every scan, and synced again by the paid sale's commit.
// Now a scan writes the header and its one new line: lines are immutable values, so a line that
// is the very object the stored cart had at that position is already on disk.
import type { Cart, CartLine } from '../../app/cart';
import type { Payment } from '../../app/tenders';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';
import { writeTransaction } from '../store/write-transaction';

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
  cart_id: string;
  state: string;
  status: 'open' | 'parked';
  parked_at: number | null;
}

function fromRow(db: RegisterDb, row: CartRow): SavedCart {
  const state = JSON.parse(row.state) as {
    cart: Omit<Cart, 'lines'>;
    payment: Payment | null;
    flashQuote?: Record<string, number>;
  };
  const lines = statement<[string], string>(
    db,
    'SELECT state FROM cart_line WHERE cart_id = ? ORDER BY line_no',
  )
    .pluck()
    .all(row.cart_id)
    .map((line) => JSON.parse(line) as CartLine);
  return {
    cart: { ...state.cart, lines },
    payment: state.payment,
    status: row.status,
    parkedAt: row.parked_at,
    ...(state.flashQuote === undefined ? {} : { flashQuote: state.flashQuote }),
  };
}

export function loadOpenCart(db: RegisterDb): SavedCart | undefined {
  const row = statement<[], CartRow>(
    db,
    "SELECT cart_id, state, status, parked_at FROM cart WHERE status = 'open' ORDER BY opened_at DESC LIMIT 1",
  ).get();
  return row === undefined ? undefined : fromRow(db, row);
}

export function loadCart(db: RegisterDb, cartId: string): SavedCart | undefined {
  const row = statement<[string], CartRow>(
    db,
    'SELECT cart_id, state, status, parked_at FROM cart WHERE cart_id = ?',
  ).get(cartId);
  return row === undefined ? undefined : fromRow(db, row);
}

export function listParkedCarts(db: RegisterDb): SavedCart[] {
  return statement<[], CartRow>(
    db,
    "SELECT cart_id, state, status, parked_at FROM cart WHERE status = 'parked' ORDER BY parked_at",
  )
    .all()
    .map((row) => fromRow(db, row));
}

/**
 * Saves `saved`. `stored` is the same cart exactly as the store last committed it (the service's
 * remembered copy), when the caller has it: its lines at their positions are not written again.
 * Without it, or for another cart, every line is written.
 */
export function saveCart(db: RegisterDb, saved: SavedCart, at: number, stored?: SavedCart): void {
  const { lines, ...header } = saved.cart;
  const onDisk = stored?.cart.cartId === header.cartId ? stored.cart.lines : undefined;
  const save = (): void => {
    statement(
      db,
      `INSERT INTO cart (cart_id, state, status, opened_at, updated_at, parked_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (cart_id) DO UPDATE SET state = excluded.state, status = excluded.status,
         updated_at = excluded.updated_at, parked_at = excluded.parked_at`,
    ).run(
      header.cartId,
      JSON.stringify({ cart: header, payment: saved.payment, flashQuote: saved.flashQuote }),
      saved.status,
      header.openedAt,
      at,
      saved.parkedAt,
    );
    const line = statement(
      db,
      `INSERT INTO cart_line (cart_id, line_no, state) VALUES (?, ?, ?)
       ON CONFLICT (cart_id, line_no) DO UPDATE SET state = excluded.state`,
    );
    lines.forEach((value, lineNo) => {
      if (onDisk?.[lineNo] !== value) line.run(header.cartId, lineNo, JSON.stringify(value));
    });
    if (onDisk === undefined || onDisk.length > lines.length) {
      statement(db, 'DELETE FROM cart_line WHERE cart_id = ? AND line_no >= ?').run(
        header.cartId,
        lines.length,
      );
    }
  };
  // The header and its lines together: a crash between them must not leave half a cart.
  if (db.inTransaction) save();
  else writeTransaction(db, save)();
}

/** Deletes the cart, its lines with it (ON DELETE CASCADE). */
export function deleteCart(db: RegisterDb, cartId: string): void {
  statement(db, 'DELETE FROM cart WHERE cart_id = ?').run(cartId);
}
