// The SQL a catalog bulk load sends to the background writer: products with the ids they will
// get, their stock, member prices, CJK grams and search index entries, as a few multi-row
// statements per batch instead of one statement per row. A row whose GTIN is already in the
// catalog (a repeat within the file, a resumed load) is not inserted here; the load finds it
// afterwards and sends it again as an upsert (`productUpsertSteps`).
import type { SqlStep, SqlValue } from '../store/background-writer';
import type { DemoProductValues } from './demo-catalog-values';
import { demoProductValues } from './demo-catalog-values';
import { cjkGrams, hasCjk, searchKey } from './search-key';

/** Migration 0001's category index; dropped while a bulk load writes and created once after it. */
export const PRODUCT_CATEGORY_INDEX_SQL =
  'CREATE INDEX IF NOT EXISTS product_category ON product (category_id)';

export interface BulkRow {
  readonly id: number;
  readonly gtin14: string;
  readonly name: string;
}

/**
 * Indexes the products in an id range while per-row index triggers are off: one statement for
 * tens of thousands of rows costs about a third of what the triggers cost row by row.
 */
export const SEARCH_RANGE_SQL =
  'INSERT INTO product_search (rowid, search_text) SELECT id, search_text FROM product WHERE id BETWEEN ? AND ?';

/** Rows per multi-row statement at most: 256 × 8 parameters stay far below SQLite's limit. */
const MAX_GROUP_ROWS = 256;

const PRODUCT_WIDTH = 8;
const STOCK_WIDTH = 4;
const MEMBER_WIDTH = 4;
const GRAM_WIDTH = 3;

// Stock, member prices and grams are written only for a product this batch really inserted with
// that id and GTIN, so a skipped repeat never gets a second set.
const productSql = memoize(
  (rows: number) =>
    `INSERT INTO product (id, gtin14, name, category_id, brand, sold_by, tax_class_id, price_minor,
       currency, updated_at)
     SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, v.column8,
       ?, ?
     FROM (VALUES ${placeholders(rows, PRODUCT_WIDTH)}) AS v WHERE true
     ON CONFLICT DO NOTHING`,
);
const stockSql = memoize(
  (rows: number) =>
    `INSERT INTO stock (product_id, available, safety)
     SELECT v.column1, v.column2, v.column3 FROM (VALUES ${placeholders(rows, STOCK_WIDTH)}) AS v
     WHERE EXISTS (SELECT 1 FROM product p WHERE p.id = v.column1 AND p.gtin14 = v.column4)
     ON CONFLICT DO NOTHING`,
);
const memberSql = memoize(
  (rows: number) =>
    `INSERT INTO product_member_price (product_id, level, price_minor)
     SELECT v.column1, v.column2, v.column3 FROM (VALUES ${placeholders(rows, MEMBER_WIDTH)}) AS v
     WHERE EXISTS (SELECT 1 FROM product p WHERE p.id = v.column1 AND p.gtin14 = v.column4)
     ON CONFLICT DO NOTHING`,
);
const gramSql = memoize(
  (rows: number) =>
    `INSERT OR IGNORE INTO product_gram (gram, product_id)
     SELECT v.column1, v.column2 FROM (VALUES ${placeholders(rows, GRAM_WIDTH)}) AS v
     WHERE EXISTS (SELECT 1 FROM product p WHERE p.id = v.column2 AND p.gtin14 = v.column3)`,
);

/** One transaction's worth of rows, collected column-flat as the statements bind them. */
export class CatalogBulkBatch {
  readonly rows: BulkRow[] = [];
  private readonly product: SqlValue[] = [];
  private readonly stock: SqlValue[] = [];
  private readonly member: SqlValue[] = [];
  private readonly gram: SqlValue[] = [];

  add(id: number, gtin14: string, name: string): void {
    const v = demoProductValues(gtin14);
    this.rows.push({ id, gtin14, name });
    this.product.push(
      id,
      gtin14,
      name,
      v.category.id,
      v.brand,
      v.soldBy,
      v.category.taxClassId,
      v.priceMinor,
    );
    this.stock.push(id, v.available, v.safety, gtin14);
    for (const m of v.memberPrices) this.member.push(id, m.level, m.priceMinor, gtin14);
    if (hasCjk(name)) for (const g of cjkGrams(searchKey(name))) this.gram.push(g, id, gtin14);
  }

  get size(): number {
    return this.rows.length;
  }

  /** The statements, products first: `productSteps` of them insert products. */
  steps(currency: string, updatedAt: string): { steps: SqlStep[]; productSteps: number } {
    const products = multiRow(productSql, PRODUCT_WIDTH, this.product, [currency, updatedAt]);
    return {
      steps: [
        ...products,
        ...multiRow(stockSql, STOCK_WIDTH, this.stock),
        ...multiRow(memberSql, MEMBER_WIDTH, this.member),
        ...multiRow(gramSql, GRAM_WIDTH, this.gram),
      ],
      productSteps: products.length,
    };
  }
}

/**
 * The upsert of one product by GTIN, as the row-by-row writer does it: the product's fields are
 * replaced, its stock kept (or created), its member prices and grams derived anew. With per-row
 * index triggers off, `search` says what the index holds for it: 'indexed' (this load indexed the
 * product: its entry is replaced) or 'leave' (not indexed yet, or unknown: the caller indexes it
 * later or rebuilds the index).
 */
export function productUpsertSteps(
  gtin14: string,
  name: string,
  currency: string,
  updatedAt: string,
  search: 'indexed' | 'leave',
): SqlStep[] {
  const v: DemoProductValues = demoProductValues(gtin14);
  const idOf = '(SELECT id FROM product WHERE gtin14 = ?)';
  const steps: SqlStep[] = [];
  if (search === 'indexed') {
    // External content: the entry is removed with the text it was indexed from, read before the
    // row changes.
    steps.push({
      sql: `INSERT INTO product_search (product_search, rowid, search_text)
            SELECT 'delete', id, search_text FROM product WHERE gtin14 = ?`,
      params: [gtin14],
    });
  }
  steps.push(
    {
      sql: `INSERT INTO product (gtin14, name, category_id, brand, sold_by, tax_class_id,
              price_minor, currency, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (gtin14) DO UPDATE SET name = excluded.name,
              category_id = excluded.category_id, brand = excluded.brand,
              sold_by = excluded.sold_by, tax_class_id = excluded.tax_class_id,
              price_minor = excluded.price_minor, currency = excluded.currency,
              updated_at = excluded.updated_at`,
      params: [
        gtin14,
        name,
        v.category.id,
        v.brand,
        v.soldBy,
        v.category.taxClassId,
        v.priceMinor,
        currency,
        updatedAt,
      ],
    },
    {
      sql: `INSERT INTO stock (product_id, available, safety) SELECT ${idOf}, ?, ? WHERE true
            ON CONFLICT (product_id) DO NOTHING`,
      params: [gtin14, v.available, v.safety],
    },
    { sql: `DELETE FROM product_member_price WHERE product_id = ${idOf}`, params: [gtin14] },
    { sql: `DELETE FROM product_gram WHERE product_id = ${idOf}`, params: [gtin14] },
  );
  if (search === 'indexed') {
    steps.push({
      sql: `INSERT INTO product_search (rowid, search_text)
            SELECT id, search_text FROM product WHERE gtin14 = ?`,
      params: [gtin14],
    });
  }
  for (const m of v.memberPrices) {
    steps.push({
      sql: `INSERT INTO product_member_price (product_id, level, price_minor) SELECT ${idOf}, ?, ?`,
      params: [gtin14, m.level, m.priceMinor],
    });
  }
  if (hasCjk(name)) {
    for (const gram of cjkGrams(searchKey(name))) {
      steps.push({
        sql: `INSERT OR IGNORE INTO product_gram (gram, product_id) SELECT ?, ${idOf}`,
        params: [gram, gtin14],
      });
    }
  }
  return steps;
}

/** Groups flat rows into statements of 256 rows, then powers of two: few distinct SQL texts. */
function multiRow(
  sqlFor: (rows: number) => string,
  width: number,
  flat: readonly SqlValue[],
  prefix: readonly SqlValue[] = [],
): SqlStep[] {
  const steps: SqlStep[] = [];
  const total = flat.length / width;
  let at = 0;
  while (at < total) {
    const left = total - at;
    const rows = left >= MAX_GROUP_ROWS ? MAX_GROUP_ROWS : 2 ** Math.floor(Math.log2(left));
    steps.push({
      sql: sqlFor(rows),
      params: [...prefix, ...flat.slice(at * width, (at + rows) * width)],
    });
    at += rows;
  }
  return steps;
}

function placeholders(rows: number, width: number): string {
  const row = `(${Array.from({ length: width }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

function memoize(make: (rows: number) => string): (rows: number) => string {
  const made = new Map<number, string>();
  return (rows) => {
    let sql = made.get(rows);
    if (sql === undefined) {
      sql = make(rows);
      made.set(rows, sql);
    }
    return sql;
  };
}
