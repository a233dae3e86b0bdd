// The records of one shift read back from the store — its sales, refunds and cash moved in or out —
// built with app/shift's record builders, so X and Z reports are computed from stored rows alone.
import type { Money } from '../../app/money';
import { multiplyRatio } from '../../app/money';
import type { Result } from '../../app/result';
import { ok } from '../../app/result';
import type { ShiftRecord, TaxAmount } from '../../app/shift';
import { refundRecord, saleRecord } from '../../app/shift';
import type { AppliedTender, RefundLine } from '../../app/tenders';
import type { RegisterDb } from '../store/register-db';

interface SaleRow {
  id: string;
  subtotal: number;
  discount_total: number;
  total: number;
  change_given: number;
  cash_rounding: number;
  receipt: string;
  completed_at: number;
}

interface RefundRow {
  id: string;
  sale_id: string | null;
  amount: number;
  cash_out: number;
  cash_rounding: number;
  points_back: number;
  created_at: number;
}

interface StoredReceipt {
  readonly totals: {
    readonly taxByRate: readonly { readonly rateBasisPoints: number; readonly tax: Money }[];
  };
}

function saleRecords(db: RegisterDb, shiftId: string, currency: string): Result<ShiftRecord[]> {
  const payments = new Map<string, AppliedTender[]>();
  for (const row of db
    .prepare<[string], { sale_id: string; details: string }>(
      `SELECT p.sale_id, p.details FROM sale_payment p JOIN sale s ON s.id = p.sale_id
       WHERE s.shift_id = ? ORDER BY p.sale_id, p.seq`,
    )
    .all(shiftId)) {
    const list = payments.get(row.sale_id) ?? [];
    list.push(JSON.parse(row.details) as AppliedTender);
    payments.set(row.sale_id, list);
  }
  const records: ShiftRecord[] = [];
  for (const sale of db
    .prepare<[string], SaleRow>(
      `SELECT id, subtotal, discount_total, total, change_given, cash_rounding, receipt, completed_at
       FROM sale WHERE shift_id = ? ORDER BY completed_at, receipt_no`,
    )
    .all(shiftId)) {
    const receipt = JSON.parse(sale.receipt) as StoredReceipt;
    const tenders = payments.get(sale.id) ?? [];
    const record = saleRecord({
      saleId: sale.id,
      at: sale.completed_at,
      gross: { amount: sale.subtotal, currency },
      discounts: { amount: sale.discount_total, currency },
      tax: receipt.totals.taxByRate.map((t) => ({
        rateBasisPoints: t.rateBasisPoints,
        tax: t.tax,
      })),
      payment: {
        due: { amount: sale.total, currency },
        tenders,
        change: { amount: sale.change_given, currency },
        cashRounding: { amount: sale.cash_rounding, currency },
        pointsUsed: tenders.reduce((n, t) => n + (t.kind === 'points' ? t.points : 0), 0),
      },
    });
    if (!record.ok) return record;
    records.push(record.value);
  }
  return ok(records);
}

/** Tax included in each refund, by rate: the refunded amount of each line at its product's rate. */
function refundTax(db: RegisterDb, shiftId: string, currency: string) {
  const byRefund = new Map<string, Map<number, number>>();
  for (const row of db
    .prepare<[string], { refund_id: string; amount: number; rate: number }>(
      `SELECT l.refund_id, l.amount, t.rate_basis_points AS rate
       FROM refund_line l JOIN refund r ON r.id = l.refund_id
         JOIN product p ON p.id = l.product_id JOIN tax_class t ON t.id = p.tax_class_id
       WHERE r.shift_id = ?`,
    )
    .all(shiftId)) {
    const rates = byRefund.get(row.refund_id) ?? new Map<number, number>();
    rates.set(row.rate, (rates.get(row.rate) ?? 0) + row.amount);
    byRefund.set(row.refund_id, rates);
  }
  return (refundId: string): TaxAmount[] =>
    [...(byRefund.get(refundId) ?? new Map<number, number>())].map(([rate, gross]) => ({
      rateBasisPoints: rate,
      // Shelf prices include VAT: the tax in a gross amount is gross × rate / (1 + rate).
      tax: { amount: multiplyRatio(gross, rate, 10_000 + rate, 'halfUp'), currency },
    }));
}

function refundRecords(db: RegisterDb, shiftId: string, currency: string): ShiftRecord[] {
  const lines = new Map<string, RefundLine[]>();
  for (const row of db
    .prepare<[string], { refund_id: string; details: string }>(
      `SELECT p.refund_id, p.details FROM refund_payment p JOIN refund r ON r.id = p.refund_id
       WHERE r.shift_id = ? ORDER BY p.refund_id, p.seq`,
    )
    .all(shiftId)) {
    const list = lines.get(row.refund_id) ?? [];
    list.push(JSON.parse(row.details) as RefundLine);
    lines.set(row.refund_id, list);
  }
  const taxOf = refundTax(db, shiftId, currency);
  return db
    .prepare<[string], RefundRow>(
      `SELECT id, sale_id, amount, cash_out, cash_rounding, points_back, created_at
       FROM refund WHERE shift_id = ? ORDER BY created_at, receipt_no`,
    )
    .all(shiftId)
    .map((refund) =>
      refundRecord({
        refundId: refund.id,
        saleId: refund.sale_id ?? '',
        at: refund.created_at,
        tax: taxOf(refund.id),
        plan: {
          amount: { amount: refund.amount, currency },
          lines: lines.get(refund.id) ?? [],
          cashOut: { amount: refund.cash_out, currency },
          cashRounding: { amount: refund.cash_rounding, currency },
          pointsBack: refund.points_back,
        },
      }),
    );
}

function cashMovements(db: RegisterDb, shiftId: string, currency: string): ShiftRecord[] {
  return db
    .prepare<[string], { kind: 'paidIn' | 'paidOut'; amount: number; reason: string; at: number }>(
      'SELECT kind, amount, reason, at FROM shift_cash_movement WHERE shift_id = ? ORDER BY at, id',
    )
    .all(shiftId)
    .map((row) => ({
      kind: row.kind,
      at: row.at,
      amount: { amount: row.amount, currency },
      reason: row.reason,
    }));
}

/** Every record of the shift; refused when a stored sale does not add up (never a wrong total). */
export function loadShiftRecords(
  db: RegisterDb,
  shiftId: string,
  currency: string,
): Result<readonly ShiftRecord[]> {
  const sales = saleRecords(db, shiftId, currency);
  if (!sales.ok) return sales;
  return ok([
    ...sales.value,
    ...refundRecords(db, shiftId, currency),
    ...cashMovements(db, shiftId, currency),
  ]);
}
