// The stored stocktake sessions: the session row, the book snapshot taken at opening, the counts
// per product and location, and the variance report built from them by app/inventory.
import type { StocktakeView, VarianceLineView } from '../../app/commands';
import type { StocktakeCount, UnitValue, VarianceReport } from '../../app/inventory';
import { stocktakeVariance } from '../../app/inventory';
import type { Result } from '../../app/result';
import { ok } from '../../app/result';
import type { RegisterDb } from '../store/register-db';

export interface StocktakeRow {
  id: string;
  store_id: string;
  category_id: string | null;
  status: 'open' | 'posted' | 'cancelled';
  opened_by: string;
  opened_at: number;
}

export function findStocktake(db: RegisterDb, stocktakeId: string): StocktakeRow | undefined {
  return db
    .prepare<[string], StocktakeRow>(
      'SELECT id, store_id, category_id, status, opened_by, opened_at FROM stocktake WHERE id = ?',
    )
    .get(stocktakeId);
}

export function findOpenStocktake(db: RegisterDb, storeId: string): StocktakeRow | undefined {
  return db
    .prepare<[string], StocktakeRow>(
      `SELECT id, store_id, category_id, status, opened_by, opened_at FROM stocktake
       WHERE store_id = ? AND status = 'open'`,
    )
    .get(storeId);
}

export function stocktakeView(db: RegisterDb, row: StocktakeRow): StocktakeView {
  const expected = db
    .prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM stocktake_expected WHERE stocktake_id = ?',
    )
    .get(row.id);
  const counted = db
    .prepare<[string], { n: number }>(
      'SELECT count(DISTINCT product_id) AS n FROM stocktake_count WHERE stocktake_id = ?',
    )
    .get(row.id);
  return {
    stocktakeId: row.id,
    status: row.status,
    categoryId: row.category_id,
    openedAt: row.opened_at,
    openedBy: row.opened_by,
    expectedProducts: expected?.n ?? 0,
    countedProducts: counted?.n ?? 0,
  };
}

/**
 * Copies the books as they stand (total units of every product with stock, in the session's
 * category if it has one) in one statement inside the opening transaction.
 */
export function snapshotBooks(db: RegisterDb, row: StocktakeRow): void {
  if (row.category_id === null) {
    db.prepare(
      `INSERT INTO stocktake_expected (stocktake_id, product_id, total)
       SELECT ?, product_id, available + locked FROM stock WHERE available + locked <> 0`,
    ).run(row.id);
  } else {
    db.prepare(
      `INSERT INTO stocktake_expected (stocktake_id, product_id, total)
       SELECT ?, s.product_id, s.available + s.locked FROM stock s
         JOIN product p ON p.id = s.product_id
       WHERE p.category_id = ? AND s.available + s.locked <> 0`,
    ).run(row.id, row.category_id);
  }
}

/** Adds a count at a location; returns what is counted there and in all. */
export function addCount(
  db: RegisterDb,
  count: Readonly<{
    stocktakeId: string;
    productId: number;
    location: string;
    quantity: number;
    at: number;
  }>,
): { countedHere: number; countedTotal: number } {
  const here = db
    .prepare<[string, number, string, number, number], { counted: number }>(
      `INSERT INTO stocktake_count (stocktake_id, product_id, location, counted, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (stocktake_id, product_id, location)
         DO UPDATE SET counted = counted + excluded.counted, updated_at = excluded.updated_at
       RETURNING counted`,
    )
    .get(count.stocktakeId, count.productId, count.location, count.quantity, count.at);
  const total = db
    .prepare<[string, number], { n: number }>(
      'SELECT sum(counted) AS n FROM stocktake_count WHERE stocktake_id = ? AND product_id = ?',
    )
    .get(count.stocktakeId, count.productId);
  return { countedHere: here?.counted ?? 0, countedTotal: total?.n ?? 0 };
}

interface CountedProductRow {
  product_id: number;
  location: string;
  counted: number;
  expected: number | null;
  gtin14: string;
  name: string;
  sold_by: 'each' | 'weight';
  price_minor: number;
  currency: string;
}

export interface ProductNames {
  readonly gtin14: string;
  readonly name: string;
}

export interface StocktakeReport {
  readonly report: VarianceReport;
  readonly products: ReadonlyMap<string, ProductNames>;
}

/**
 * The variance of every counted product against the snapshot, valued at the shelf price (per kg
 * for weighed goods, which are counted in grams). Products nobody counted are left to
 * `uncountedProducts`: on a full catalog they are most of the store.
 */
export function varianceReport(
  db: RegisterDb,
  row: StocktakeRow,
  currency: string,
): Result<StocktakeReport> {
  const rows = db
    .prepare<[string], CountedProductRow>(
      `SELECT c.product_id, c.location, c.counted, e.total AS expected, p.gtin14, p.name,
              p.sold_by, p.price_minor, p.currency
       FROM stocktake_count c JOIN product p ON p.id = c.product_id
         LEFT JOIN stocktake_expected e
           ON e.stocktake_id = c.stocktake_id AND e.product_id = c.product_id
       WHERE c.stocktake_id = ? ORDER BY c.product_id, c.location`,
    )
    .all(row.id);
  const counts: StocktakeCount[] = [];
  const expected = new Map<string, number>();
  const unitValues = new Map<string, UnitValue>();
  const products = new Map<string, ProductNames>();
  for (const r of rows) {
    const productId = String(r.product_id);
    counts.push({ productId, location: r.location, counted: r.counted });
    if (r.expected !== null) expected.set(productId, r.expected);
    if (r.currency === currency) {
      unitValues.set(productId, {
        value: { amount: r.price_minor, currency },
        perUnits: r.sold_by === 'weight' ? 1000 : 1,
      });
    }
    products.set(productId, { gtin14: r.gtin14, name: r.name });
  }
  const report = stocktakeVariance({
    session: { id: row.id, storeId: row.store_id, counts },
    expected: [...expected].map(([productId, total]) => ({ productId, total })),
    unitValues,
    currency,
  });
  return report.ok ? ok({ report: report.value, products }) : report;
}

export function varianceLineViews(report: StocktakeReport): VarianceLineView[] {
  return report.report.lines
    .map((line) => ({
      productId: Number(line.productId),
      gtin14: report.products.get(line.productId)?.gtin14 ?? '',
      name: report.products.get(line.productId)?.name ?? '',
      expected: line.expected,
      counted: line.counted,
      variance: line.variance,
      kind: line.kind,
      value: line.value?.amount ?? null,
      locations: line.locations,
    }))
    .sort((a, b) => a.productId - b.productId);
}

export function uncountedProducts(
  db: RegisterDb,
  stocktakeId: string,
  limit: number,
): { count: number; first: { productId: number; name: string; expected: number }[] } {
  const notCounted = `FROM stocktake_expected e JOIN product p ON p.id = e.product_id
    WHERE e.stocktake_id = ? AND NOT EXISTS (SELECT 1 FROM stocktake_count c
      WHERE c.stocktake_id = e.stocktake_id AND c.product_id = e.product_id)`;
  const count = db
    .prepare<[string], { n: number }>(`SELECT count(*) AS n ${notCounted}`)
    .get(stocktakeId);
  const first = db
    .prepare<[string, number], { productId: number; name: string; expected: number }>(
      `SELECT e.product_id AS productId, p.name, e.total AS expected ${notCounted}
       ORDER BY e.product_id LIMIT ?`,
    )
    .all(stocktakeId, limit);
  return { count: count?.n ?? 0, first };
}

export function closeStocktake(
  db: RegisterDb,
  close: Readonly<{
    stocktakeId: string;
    status: 'posted' | 'cancelled';
    staffId: string;
    approverId: string | null;
    at: number;
  }>,
): void {
  const updated = db
    .prepare(
      `UPDATE stocktake SET status = ?, closed_by = ?, approver_id = ?, closed_at = ?
       WHERE id = ? AND status = 'open'`,
    )
    .run(close.status, close.staffId, close.approverId, close.at, close.stocktakeId);
  if (updated.changes !== 1) throw new Error(`Stocktake ${close.stocktakeId} is not open`);
}
