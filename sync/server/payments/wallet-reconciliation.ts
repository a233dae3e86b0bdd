// The daily check of wallet money against the books: each provider's statement for a day is
// matched with the payments the server recorded and the sales registers pushed. Anything that does
// not line up is reported for a person — never fixed automatically, because either side may be
// the one that is wrong.
import { WALLET_PROVIDERS } from '../../../app/tenders';
import type { WalletProvider as Wallet } from '../../../app/tenders';
import type { SqlRunner } from '../db/db';
import type { WalletPaymentRow } from './wallet-payment-books';
import type { StatementEntry, WalletProvider } from './wallet-provider';

export type MismatchKind =
  /** The provider holds money for a payment no pushed sale was paid with. */
  | 'paidNoSale'
  /** A pushed sale says it was paid by wallet; the provider has no such money. */
  | 'saleNotPaid'
  /** The provider and the server disagree on whether the payment holds money. */
  | 'stateMismatch'
  | 'amountMismatch'
  /** The provider has a payment under a merchant order number the server never made. */
  | 'unknownTransaction'
  /** The provider's statement could not be read: the day is not reconciled for that wallet. */
  | 'statementUnavailable';

export interface Mismatch {
  readonly kind: MismatchKind;
  readonly wallet: Wallet;
  readonly attemptId?: string;
  readonly saleId?: string;
  readonly transactionId?: string;
  /** Minor units: what the provider holds (or the sale claims). */
  readonly amount?: number;
  readonly detail: string;
}

export interface Reconciliation {
  readonly day: string;
  /** Statement entries whose payment and sale both match. */
  readonly matched: number;
  readonly statementEntries: number;
  readonly mismatches: readonly Mismatch[];
}

interface SaleWalletPayment {
  readonly saleId: string;
  readonly wallet: Wallet;
  readonly amount: number;
  readonly transactionId: string;
  readonly completedAt: number;
}

const DAY_MS = 24 * 3600_000;

/** The providers settle by China's calendar day (UTC+8). */
function chinaDayBounds(day: string): { start: number; end: number } {
  const start = Date.parse(`${day}T00:00:00+08:00`);
  return { start, end: start + DAY_MS };
}

async function saleWalletPayments(
  db: SqlRunner,
  start: number,
  end: number,
): Promise<SaleWalletPayment[]> {
  // Duplicates are the same sale pushed again: counting them would double its payments.
  const { rows } = await db.query<{
    sale_id: string;
    completed_at: number;
    payment: Record<string, unknown>;
  }>(
    `SELECT payload->>'saleId' AS sale_id, (payload->>'completedAt')::bigint AS completed_at,
            p AS payment
       FROM sync_mutation, jsonb_array_elements(payload->'payments') AS p
      WHERE type = 'sale.completed' AND status IN ('applied', 'flagged')
        AND (payload->>'completedAt')::bigint >= $1 AND (payload->>'completedAt')::bigint < $2
        AND p->>'kind' = 'wallet'`,
    [start, end],
  );
  return rows.map((row) => {
    const amount = row.payment['amount'];
    const transactionId = row.payment['providerTransactionId'];
    return {
      saleId: row.sale_id,
      wallet: row.payment['provider'] === 'alipay' ? 'alipay' : 'wechatPay',
      amount:
        typeof amount === 'object' && amount !== null && 'amount' in amount
          ? Number(amount.amount)
          : Number.NaN,
      transactionId: typeof transactionId === 'string' ? transactionId : '',
      completedAt: Number(row.completed_at),
    };
  });
}

export async function reconcileWalletDay(
  options: Readonly<{
    db: SqlRunner;
    provider: (wallet: Wallet) => Promise<WalletProvider>;
    /** YYYY-MM-DD, China time. */
    day: string;
  }>,
): Promise<Reconciliation> {
  const { db, day } = options;
  const { start, end } = chinaDayBounds(day);
  const mismatches: Mismatch[] = [];
  const entries: { wallet: Wallet; entry: StatementEntry }[] = [];
  const readWallets = new Set<Wallet>();
  for (const wallet of WALLET_PROVIDERS) {
    const statement = await (await options.provider(wallet)).statement(day);
    if (statement.kind === 'unknown') {
      mismatches.push({ kind: 'statementUnavailable', wallet, detail: statement.reason });
      continue;
    }
    readWallets.add(wallet);
    for (const entry of statement.entries) entries.push({ wallet, entry });
  }

  const ids = entries.map((e) => e.entry.outTradeNo);
  const { rows: payments } = await db.query<WalletPaymentRow>(
    `SELECT * FROM wallet_payment
      WHERE id = ANY($1::text[]) OR (created_at >= $2 AND created_at < $3 AND state IN ('paid', 'refunded'))`,
    [ids, start, end],
  );
  const paymentById = new Map(payments.map((p) => [p.id, p]));
  // Sales from the day before too: a sale rung up just before midnight may be paid just after.
  const sales = await saleWalletPayments(db, start - DAY_MS, end);
  const salesByTransaction = new Map(sales.map((s) => [s.transactionId, s]));
  const inStatement = new Set<string>();
  let matched = 0;

  for (const { wallet, entry } of entries) {
    inStatement.add(entry.outTradeNo);
    const held = entry.amount - entry.refundedAmount;
    const payment = paymentById.get(entry.outTradeNo);
    const base = { wallet, transactionId: entry.transactionId, amount: held };
    if (payment === undefined) {
      mismatches.push({ kind: 'unknownTransaction', ...base, detail: `order ${entry.outTradeNo}` });
      continue;
    }
    const attempt = { attemptId: `${payment.sale_id}.${payment.attempt}`, saleId: payment.sale_id };
    const recordedHeld =
      payment.state === 'paid' || payment.state === 'refunded'
        ? payment.amount - payment.refunded_amount
        : 0;
    if (payment.amount !== entry.amount && held > 0) {
      mismatches.push({
        kind: 'amountMismatch',
        ...base,
        ...attempt,
        detail: `provider ${entry.amount}, server ${payment.amount}`,
      });
      continue;
    }
    if (recordedHeld !== held) {
      mismatches.push({
        kind: 'stateMismatch',
        ...base,
        ...attempt,
        detail: `provider holds ${held}, server recorded ${payment.state} holding ${recordedHeld}`,
      });
      continue;
    }
    if (held === 0) {
      matched += 1;
      continue;
    }
    const sale = salesByTransaction.get(entry.transactionId);
    if (sale === undefined) {
      mismatches.push({
        kind: 'paidNoSale',
        ...base,
        ...attempt,
        detail: 'no pushed sale was paid with this transaction',
      });
      continue;
    }
    matched += 1;
  }

  for (const payment of payments) {
    if (inStatement.has(payment.id) || !readWallets.has(payment.wallet)) continue;
    mismatches.push({
      kind: 'stateMismatch',
      wallet: payment.wallet,
      attemptId: `${payment.sale_id}.${payment.attempt}`,
      saleId: payment.sale_id,
      ...(payment.provider_transaction_id === null
        ? {}
        : { transactionId: payment.provider_transaction_id }),
      amount: payment.amount - payment.refunded_amount,
      detail: `server recorded ${payment.state}; the provider's statement has no such payment`,
    });
  }

  const paidTransactions = new Set(
    entries
      .filter((e) => e.entry.amount - e.entry.refundedAmount > 0)
      .map((e) => e.entry.transactionId),
  );
  for (const sale of sales) {
    if (!readWallets.has(sale.wallet) || sale.completedAt < start) continue;
    if (paidTransactions.has(sale.transactionId)) continue;
    mismatches.push({
      kind: 'saleNotPaid',
      wallet: sale.wallet,
      saleId: sale.saleId,
      transactionId: sale.transactionId,
      amount: sale.amount,
      detail: 'the sale says it was paid by wallet; the provider holds no such payment that day',
    });
  }

  return { day, matched, statementEntries: entries.length, mismatches };
}
