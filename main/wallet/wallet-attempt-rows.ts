// The register's wallet_attempt rows (migrations 0010, 0015): one per try at a sale's wallet
// payment, mirroring what the server answered. Holds the masked code only, or for a payment by the
// store's QR the QR the server made.
import { statement } from '../store/statement-cache';
import type { MaskedPaymentCode, WalletPaymentView, WalletProvider } from '../../app/tenders';
import { durableTransaction } from '../store/durable-transaction';
import type { RegisterDb } from '../store/register-db';

/** `sending`: on disk, the answer not known yet; the others mirror the server's state. */
export type WalletAttemptState = 'sending' | WalletPaymentView['state'];

export interface WalletAttemptRow {
  readonly sale_id: string;
  readonly attempt: number;
  readonly wallet: WalletProvider;
  readonly amount: number;
  readonly currency: string;
  readonly kind: 'code' | 'qr';
  /** Null for a payment by the store's QR. */
  readonly masked_code: MaskedPaymentCode | null;
  /** The store's QR (null until the server made it) and when it stops being offered. */
  readonly qr_content: string | null;
  readonly qr_expires_at: number | null;
  readonly state: WalletAttemptState;
  readonly provider_transaction_id: string | null;
  readonly failure_code: string | null;
  readonly failure_message: string | null;
  readonly refunded_amount: number;
  readonly created_at: number;
  readonly updated_at: number;
}

export const UNSETTLED: readonly WalletAttemptState[] = ['sending', 'pending'];

/**
 * Writes the next attempt for the sale as `sending`, fsynced before the request may leave: a
 * register that dies mid-payment finds it on restart. Answers the row written.
 */
export function writeSendingAttempt(
  db: RegisterDb,
  attempt: Readonly<{
    saleId: string;
    wallet: WalletProvider;
    amount: number;
    currency: string;
    /** The customer's masked code; null when the customer will scan the store's QR. */
    maskedCode: MaskedPaymentCode | null;
    at: number;
  }>,
): WalletAttemptRow {
  return durableTransaction(db, () => {
    const last = statement<[string], number>(
      db,
      'SELECT COALESCE(MAX(attempt), 0) FROM wallet_attempt WHERE sale_id = ?',
    )
      .pluck()
      .get(attempt.saleId);
    const next = (last ?? 0) + 1;
    statement(
      db,
      `INSERT INTO wallet_attempt (sale_id, attempt, wallet, amount, currency, kind, masked_code,
         state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?)`,
    ).run(
      attempt.saleId,
      next,
      attempt.wallet,
      attempt.amount,
      attempt.currency,
      attempt.maskedCode === null ? 'qr' : 'code',
      attempt.maskedCode,
      attempt.at,
      attempt.at,
    );
    const row = attemptRow(db, attempt.saleId, next);
    if (row === undefined) throw new Error('wallet attempt not written');
    return row;
  });
}

export function attemptRow(
  db: RegisterDb,
  saleId: string,
  attempt: number,
): WalletAttemptRow | undefined {
  return statement<[string, number], WalletAttemptRow>(
    db,
    'SELECT * FROM wallet_attempt WHERE sale_id = ? AND attempt = ?',
  ).get(saleId, attempt);
}

export function latestAttempt(db: RegisterDb, saleId: string): WalletAttemptRow | undefined {
  return statement<[string], WalletAttemptRow>(
    db,
    'SELECT * FROM wallet_attempt WHERE sale_id = ? ORDER BY attempt DESC LIMIT 1',
  ).get(saleId);
}

/** The attempt a wallet tender came from, found by the provider's transaction id. */
export function attemptOfTransaction(
  db: RegisterDb,
  providerTransactionId: string,
): WalletAttemptRow | undefined {
  return statement<[string], WalletAttemptRow>(
    db,
    'SELECT * FROM wallet_attempt WHERE provider_transaction_id = ? ORDER BY created_at LIMIT 1',
  ).get(providerTransactionId);
}

/** Every attempt of a sale, oldest first. */
export function saleAttempts(db: RegisterDb, saleId: string): readonly WalletAttemptRow[] {
  return statement<[string], WalletAttemptRow>(
    db,
    'SELECT * FROM wallet_attempt WHERE sale_id = ? ORDER BY attempt',
  ).all(saleId);
}

export function unsettledAttempts(db: RegisterDb): readonly WalletAttemptRow[] {
  return statement<[], WalletAttemptRow>(
    db,
    "SELECT * FROM wallet_attempt WHERE state IN ('sending', 'pending') ORDER BY created_at",
  ).all();
}

/** How far along a state is: an answer never moves a row back (a late "paid" after a cancel). */
const STATE_RANK = `CASE state WHEN 'sending' THEN 0 WHEN 'pending' THEN 1
  WHEN 'paid' THEN 2 WHEN 'failed' THEN 2 ELSE 3 END`;
const RANK: Readonly<Record<WalletAttemptState, number>> = {
  sending: 0,
  pending: 1,
  paid: 2,
  failed: 2,
  reversed: 3,
  refunded: 3,
};

/**
 * Mirrors the server's answer onto the row (the server's books are the truth). Answers can cross
 * (a pay answer held by the server arrives after the cancel's): only a later state, or more
 * refunded in the same state, is written.
 */
export function recordServerAnswer(
  db: RegisterDb,
  view: WalletPaymentView,
  at: number,
): WalletAttemptRow {
  return durableTransaction(db, () => {
    statement(
      db,
      `UPDATE wallet_attempt
          SET state = ?, provider_transaction_id = coalesce(?, provider_transaction_id),
              failure_code = ?, failure_message = ?, refunded_amount = ?, updated_at = ?,
              qr_content = CASE WHEN kind = 'qr' THEN coalesce(qr_content, ?) END,
              qr_expires_at = CASE WHEN kind = 'qr' THEN coalesce(qr_expires_at, ?) END
        WHERE sale_id = ? AND attempt = ?
          AND (${STATE_RANK} < ? OR (state = ? AND refunded_amount <= ?))`,
    ).run(
      view.state,
      view.providerTransactionId,
      view.failure?.code ?? null,
      view.failure?.message ?? null,
      view.refundedAmount,
      at,
      view.qr?.content ?? null,
      view.qr?.expiresAt ?? null,
      view.saleId,
      view.attempt,
      RANK[view.state],
      view.state,
      view.refundedAmount,
    );
    const row = attemptRow(db, view.saleId, view.attempt);
    if (row === undefined) throw new Error(`no wallet attempt ${view.attemptId}`);
    return row;
  });
}

/** Settles an attempt the server never took (offline, refused, never arrived): nothing was charged. */
export function recordNotTaken(
  db: RegisterDb,
  row: Pick<WalletAttemptRow, 'sale_id' | 'attempt'>,
  failure: Readonly<{ code: string; message: string }>,
  at: number,
): WalletAttemptRow {
  return durableTransaction(db, () => {
    statement(
      db,
      `UPDATE wallet_attempt SET state = 'failed', failure_code = ?, failure_message = ?, updated_at = ?
        WHERE sale_id = ? AND attempt = ? AND state IN ('sending', 'pending')`,
    ).run(failure.code, failure.message, at, row.sale_id, row.attempt);
    const after = attemptRow(db, row.sale_id, row.attempt);
    if (after === undefined) throw new Error('wallet attempt vanished');
    return after;
  });
}
