// Finds the product a shelf scan names, for stock questions and counts: a plain GTIN or a GS1
// label with a GTIN; scale labels, coupons and member cards are not products.
import { parseBarcode } from '../../app/barcode';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { CatalogProduct } from '../catalog';
import { lookupByGtin } from '../catalog';
import type { RegisterDb } from '../store/register-db';

export function productByCode(db: RegisterDb, code: string, now: number): Result<CatalogProduct> {
  const parsed = parseBarcode(code, { referenceAt: now });
  if (!parsed.ok) return parsed;
  const scanned = parsed.value;
  const gtin14 =
    scanned.kind === 'gtin' ? scanned.gtin14 : scanned.kind === 'gs1' ? scanned.gtin14 : undefined;
  if (gtin14 === undefined)
    return err('inventory.notAProduct', 'That code is not a product barcode');
  const product = lookupByGtin(db, gtin14);
  return product === undefined
    ? err('inventory.unknownProduct', `No product with barcode ${gtin14}`, { gtin14 })
    : ok(product);
}

/** The product with a local row id, by way of its GTIN so it reads like a scan. */
export function productById(db: RegisterDb, productId: number): Result<CatalogProduct> {
  const row = db
    .prepare<[number], { gtin14: string }>('SELECT gtin14 FROM product WHERE id = ?')
    .get(productId);
  const product = row === undefined ? undefined : lookupByGtin(db, row.gtin14);
  return product === undefined
    ? err('inventory.unknownProduct', 'That product is not in the catalog', { productId })
    : ok(product);
}
