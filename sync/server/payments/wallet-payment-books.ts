// The server's record of wallet payments (migration 0008): one row per attempt, moved between
// states only by conditional updates, so a late answer can never overwrite a settled one
// (a query finding "paid" after a cancel reversed the order changes nothing).
import { createHash } from 'node:crypto';
import type {
  MaskedPaymentCode,
  WalletPaymentState,
  WalletPaymentView,
  WalletProvider as Wallet,
} from '../../../app/tenders';
import type { Db, SqlRunner } from '../db/db';

export interface WalletPaymentRow {
  readonly id: string;
  readonly store_id: string;
  readonly register_id: string;
  readonly sale_id: string;
  readonly attempt: number;
  readonly wallet: Wallet;
  readonly amount: number;
  readonly currency: string;
  readonly kind: 'code' | 'qr';
  /** The customer's code, masked; null for a QR payment. */
  readonly masked_code: string | null;
  /** A QR payment's content (null until the provider made it) and when it stops being offered. */
  readonly qr_content: string | null;
  readonly qr_expires_at: number | null;
  readonly state: WalletPaymentState;
  readonly provider_transaction_id: string | null;
  readonly failure_code: string | null;
  readonly failure_message: string | null;
  readonly refunded_amount: number;
  readonly created_at: number;
  readonly updated_at: number;
}

/**
 * The merchant order number for a sale's attempt: the same inputs always give the same number, so
 * a repeated request is the same order at the provider. 32 characters at most (WeChat's limit).
 */
export function outTradeNo(storeId: string, saleId: string, attempt: number): string {
  const digest = createHash('sha256').update(`${storeId}\n${saleId}\n${attempt}`).digest('hex');
  return `P${digest.slice(0, 31)}`;
}

/** The merchant refund number: one per payment and register refund id. */
export function outRefundNo(paymentId: string, refundKey: string): string {
  const digest = createHash('sha256').update(`${paymentId}\n${refundKey}`).digest('hex');
  return `R${digest.slice(0, 31)}`;
}

/** The id registers use in paths: their own sale id and attempt, which they always know. */
export function attemptIdOf(row: Pick<WalletPaymentRow, 'sale_id' | 'attempt'>): string {
  return `${row.sale_id}.${row.attempt}`;
}

export function parseAttemptId(text: string): { saleId: string; attempt: number } | undefined {
  const match = /^([A-Za-z0-9_:-]{1,52})\.([1-9]\d?)$/.exec(text);
  if (match === null) return undefined;
  return { saleId: match[1] ?? '', attempt: Number(match[2]) };
}

export function viewOf(row: WalletPaymentRow): WalletPaymentView {
  return {
    attemptId: attemptIdOf(row),
    saleId: row.sale_id,
    attempt: row.attempt,
    wallet: row.wallet,
    kind: row.kind,
    state: row.state,
    amount: row.amount,
    refundedAmount: row.refunded_amount,
    currency: row.currency,
    maskedCode: row.masked_code,
    qr:
      row.qr_content === null || row.qr_expires_at === null
        ? null
        : { content: row.qr_content, expiresAt: Number(row.qr_expires_at) },
    providerTransactionId: row.provider_transaction_id,
    failure:
      row.failure_code === null
        ? null
        : { code: row.failure_code, message: row.failure_message ?? '' },
  };
}

export interface NewWalletPayment {
  readonly storeId: string;
  readonly registerId: string;
  readonly saleId: string;
  readonly attempt: number;
  readonly wallet: Wallet;
  readonly amount: number;
  readonly currency: string;
  /** The customer's code (masked), or the QR the store offers until `expiresAt`. */
  readonly by:
    | { readonly kind: 'code'; readonly maskedCode: MaskedPaymentCode }
    | { readonly kind: 'qr'; readonly expiresAt: number };
}

/** Inserts the attempt as pending; `created: false` with the row already there on a repeat. */
export async function recordAttempt(
  db: Db,
  attempt: NewWalletPayment,
  now: number,
): Promise<{ readonly created: boolean; readonly row: WalletPaymentRow }> {
  const id = outTradeNo(attempt.storeId, attempt.saleId, attempt.attempt);
  return db.transaction(async (tx) => {
    const inserted = await tx.query<WalletPaymentRow>(
      `INSERT INTO wallet_payment (id, store_id, register_id, sale_id, attempt, wallet, amount, currency,
         kind, masked_code, qr_expires_at, state, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', $12, $12)
       ON CONFLICT (id) DO NOTHING
       RETURNING *`,
      [
        id,
        attempt.storeId,
        attempt.registerId,
        attempt.saleId,
        attempt.attempt,
        attempt.wallet,
        attempt.amount,
        attempt.currency,
        attempt.by.kind,
        attempt.by.kind === 'code' ? attempt.by.maskedCode : null,
        attempt.by.kind === 'qr' ? attempt.by.expiresAt : null,
        now,
      ],
    );
    const created = inserted.rows[0];
    if (created !== undefined) {
      const by = attempt.by.kind === 'code' ? attempt.by.maskedCode : 'store QR';
      await logEvent(tx, id, null, 'pending', `${attempt.wallet} ${by}`, now);
      return { created: true, row: created };
    }
    const existing = await tx.query<WalletPaymentRow>(
      'SELECT * FROM wallet_payment WHERE id = $1',
      [id],
    );
    const row = existing.rows[0];
    if (row === undefined) throw new Error(`wallet payment ${id} vanished`);
    return { created: false, row };
  });
}

export async function findPayment(
  db: SqlRunner,
  storeId: string,
  saleId: string,
  attempt: number,
): Promise<WalletPaymentRow | undefined> {
  const { rows } = await db.query<WalletPaymentRow>('SELECT * FROM wallet_payment WHERE id = $1', [
    outTradeNo(storeId, saleId, attempt),
  ]);
  return rows[0];
}

/** Keeps the QR the provider made for a pending QR payment (the first one made wins). */
export async function keepQrContent(
  db: SqlRunner,
  id: string,
  content: string,
  now: number,
): Promise<WalletPaymentRow | undefined> {
  await db.query(
    `UPDATE wallet_payment SET qr_content = $2, updated_at = $3
      WHERE id = $1 AND kind = 'qr' AND qr_content IS NULL`,
    [id, content, now],
  );
  return paymentById(db, id);
}

export async function paymentById(
  db: SqlRunner,
  id: string,
): Promise<WalletPaymentRow | undefined> {
  const { rows } = await db.query<WalletPaymentRow>('SELECT * FROM wallet_payment WHERE id = $1', [
    id,
  ]);
  return rows[0];
}

/** What a move to a new state records with it. */
export interface StateChange {
  readonly to: WalletPaymentState;
  readonly transactionId?: string;
  readonly failure?: { readonly code: string; readonly message: string };
}

/**
 * Moves the payment from one of `from` to `change.to`; does nothing (and answers the row as it
 * is) when the row has already left those states — the first settled answer wins.
 */
export async function moveState(
  db: Db,
  id: string,
  from: readonly WalletPaymentState[],
  change: StateChange,
  now: number,
): Promise<WalletPaymentRow> {
  return db.transaction(async (tx) => {
    const before = await tx.query<WalletPaymentRow>(
      'SELECT * FROM wallet_payment WHERE id = $1 FOR UPDATE',
      [id],
    );
    const row = before.rows[0];
    if (row === undefined) throw new Error(`wallet payment ${id} not found`);
    if (!from.includes(row.state)) return row;
    const { rows } = await tx.query<WalletPaymentRow>(
      `UPDATE wallet_payment
          SET state = $2,
              provider_transaction_id = COALESCE($3, provider_transaction_id),
              failure_code = $4, failure_message = $5, updated_at = $6
        WHERE id = $1
        RETURNING *`,
      [
        id,
        change.to,
        change.transactionId ?? null,
        change.failure?.code ?? null,
        change.failure?.message ?? null,
        now,
      ],
    );
    await logEvent(
      tx,
      id,
      row.state,
      change.to,
      change.failure?.code ?? change.transactionId ?? null,
      now,
    );
    const after = rows[0];
    if (after === undefined) throw new Error(`wallet payment ${id} not updated`);
    return after;
  });
}

export interface WalletRefundRow {
  readonly id: string;
  readonly payment_id: string;
  readonly refund_key: string;
  readonly amount: number;
  readonly state: 'pending' | 'refunded' | 'failed';
  readonly provider_refund_id: string | null;
  readonly failure_code: string | null;
}

/** The refund row for this key, created pending if new; refused when it would pass the amount paid. */
export async function recordRefund(
  db: Db,
  payment: WalletPaymentRow,
  refundKey: string,
  amount: number,
  now: number,
): Promise<
  | { readonly kind: 'row'; readonly row: WalletRefundRow }
  | { readonly kind: 'tooMuch'; readonly left: number }
> {
  return db.transaction(async (tx) => {
    const existing = await tx.query<WalletRefundRow>(
      'SELECT * FROM wallet_refund WHERE payment_id = $1 AND refund_key = $2',
      [payment.id, refundKey],
    );
    const found = existing.rows[0];
    if (found !== undefined) return { kind: 'row', row: found };
    const open = await tx.query<{ total: number | null }>(
      `SELECT COALESCE(SUM(amount), 0)::bigint AS total FROM wallet_refund
        WHERE payment_id = $1 AND state <> 'failed'`,
      [payment.id],
    );
    const left = payment.amount - Number(open.rows[0]?.total ?? 0);
    if (amount > left) return { kind: 'tooMuch', left };
    const { rows } = await tx.query<WalletRefundRow>(
      `INSERT INTO wallet_refund (id, payment_id, refund_key, amount, state, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'pending', $5, $5) RETURNING *`,
      [outRefundNo(payment.id, refundKey), payment.id, refundKey, amount, now],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('refund not recorded');
    return { kind: 'row', row };
  });
}

/** Settles a refund and adds it to the payment; `refunded` once all of it is back. */
export async function settleRefund(
  db: Db,
  refund: WalletRefundRow,
  outcome:
    | { readonly kind: 'refunded'; readonly refundId: string }
    | { readonly kind: 'failed'; readonly code: string },
  now: number,
): Promise<WalletPaymentRow> {
  return db.transaction(async (tx) => {
    const moved = await tx.query(
      `UPDATE wallet_refund SET state = $2, provider_refund_id = $3, failure_code = $4, updated_at = $5
        WHERE id = $1 AND state = 'pending'`,
      [
        refund.id,
        outcome.kind,
        outcome.kind === 'refunded' ? outcome.refundId : null,
        outcome.kind === 'failed' ? outcome.code : null,
        now,
      ],
    );
    if (moved.rowCount === 1 && outcome.kind === 'refunded') {
      const { rows } = await tx.query<WalletPaymentRow>(
        `UPDATE wallet_payment
            SET refunded_amount = refunded_amount + $2,
                state = CASE WHEN refunded_amount + $2 >= amount THEN 'refunded' ELSE state END,
                updated_at = $3
          WHERE id = $1 RETURNING *`,
        [refund.payment_id, refund.amount, now],
      );
      const row = rows[0];
      if (row === undefined) throw new Error('payment of refund not found');
      await logEvent(tx, row.id, 'paid', row.state, `refund ${refund.amount}`, now);
      return row;
    }
    const payment = await paymentById(tx, refund.payment_id);
    if (payment === undefined) throw new Error('payment of refund not found');
    return payment;
  });
}

/** Attempts still pending that were created before `before`: for the resolver after a restart. */
export async function pendingPayments(
  db: SqlRunner,
  before: number,
): Promise<readonly WalletPaymentRow[]> {
  const { rows } = await db.query<WalletPaymentRow>(
    "SELECT * FROM wallet_payment WHERE state = 'pending' AND created_at < $1 ORDER BY created_at",
    [before],
  );
  return rows;
}

async function logEvent(
  tx: SqlRunner,
  paymentId: string,
  from: WalletPaymentState | null,
  to: WalletPaymentState,
  detail: string | null,
  at: number,
): Promise<void> {
  await tx.query(
    'INSERT INTO wallet_payment_event (payment_id, from_state, to_state, detail, at) VALUES ($1, $2, $3, $4, $5)',
    [paymentId, from, to, detail, at],
  );
}
