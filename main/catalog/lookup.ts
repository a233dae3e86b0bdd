// Finds the product a scanned GTIN belongs to: the hot path of every scan, one prepared statement
// over the unique GTIN-14 index (and the index of extra GTINs).
import type { Statement } from 'better-sqlite3';
import type { RegisterDb } from '../store/register-db';
import type { CatalogProduct, ProductRow } from './catalog-product';
import { PRODUCT_COLUMNS, toCatalogProduct } from './catalog-product';
import { gtin14Key } from './gtin-key';

// Prepared once per connection: preparing costs more than the lookup itself.
const statements = new WeakMap<RegisterDb, Statement<[string, string], ProductRow>>();

function lookupStatement(db: RegisterDb): Statement<[string, string], ProductRow> {
  let statement = statements.get(db);
  if (statement === undefined) {
    statement = db.prepare<[string, string], ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM product p WHERE p.gtin14 = ?
       UNION ALL
       SELECT ${PRODUCT_COLUMNS} FROM product_gtin g JOIN product p ON p.id = g.product_id
         WHERE g.gtin14 = ?
       LIMIT 1`,
    );
    statements.set(db, statement);
  }
  return statement;
}

/**
 * The product for a GTIN-8, -12, -13 or -14 (any of the product's GTINs), inactive ones included
 * so the till can say "not for sale" rather than "unknown"; undefined when none or not a GTIN.
 */
export function lookupByGtin(db: RegisterDb, code: string): CatalogProduct | undefined {
  const key = gtin14Key(code);
  if (key === undefined) return undefined;
  const row = lookupStatement(db).get(key, key);
  return row === undefined ? undefined : toCatalogProduct(row);
}
