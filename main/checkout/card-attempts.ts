// Card payments asked of the terminal, kept on disk from before the charge is sent until its
// outcome is known, so a crash never loses money that moved and never charges twice.
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

export type CardAttemptState =
  'pending' | 'approved' | 'declined' | 'notReceived' | 'cancelled' | 'reversed';

export interface CardAttempt {
  /** The terminal request id. */
  readonly id: string;
  readonly cartId: string;
  readonly amount: number;
  readonly currency: string;
  readonly state: CardAttemptState;
  readonly cancelRequested: boolean;
}

/** What the terminal answered, as kept: masked PAN, auth code, reference — or why not. */
export type CardAttemptOutcome = Readonly<Record<string, string | number>>;

interface Row {
  id: string;
  cart_id: string;
  amount: number;
  currency: string;
  state: CardAttemptState;
  cancel_requested: number;
}

const toAttempt = (row: Row): CardAttempt => ({
  id: row.id,
  cartId: row.cart_id,
  amount: row.amount,
  currency: row.currency,
  state: row.state,
  cancelRequested: row.cancel_requested === 1,
});

export function insertCardAttempt(
  db: RegisterDb,
  attempt: Omit<CardAttempt, 'state' | 'cancelRequested'>,
  at: number,
): void {
  statement(
    db,
    `INSERT INTO card_attempt (id, cart_id, amount, currency, state, started_at)
     VALUES (?, ?, ?, ?, 'pending', ?)`,
  ).run(attempt.id, attempt.cartId, attempt.amount, attempt.currency, at);
}

/** The card payment still open, if any (at most one: the cart is frozen while it is). */
export function pendingCardAttempt(db: RegisterDb): CardAttempt | undefined {
  const row = statement<[], Row>(
    db,
    `SELECT id, cart_id, amount, currency, state, cancel_requested FROM card_attempt
     WHERE state = 'pending' ORDER BY started_at LIMIT 1`,
  ).get();
  return row === undefined ? undefined : toAttempt(row);
}

export function requestCardCancel(db: RegisterDb, id: string): void {
  statement(db, 'UPDATE card_attempt SET cancel_requested = 1 WHERE id = ?').run(id);
}

/** Settles a pending attempt; false when it was not pending (already settled elsewhere). */
export function settleCardAttempt(
  db: RegisterDb,
  id: string,
  state: Exclude<CardAttemptState, 'pending'>,
  outcome: CardAttemptOutcome,
  at: number,
): boolean {
  const changed = statement(
    db,
    `UPDATE card_attempt SET state = ?, settled_at = ?, outcome = ?
     WHERE id = ? AND state = 'pending'`,
  ).run(state, at, JSON.stringify(outcome), id);
  return changed.changes === 1;
}
