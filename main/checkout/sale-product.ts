// Turns a row of the local catalog into the domain's Product, with its tax class, for the cart.
import type { Product, TaxClass } from '../../app/catalog';
import type { CatalogProduct } from '../catalog';
import type { RegisterDb } from '../store/register-db';
import { statement } from '../store/statement-cache';

export function toProduct(row: CatalogProduct): Product {
  return {
    id: String(row.id),
    gtins: [row.gtin14],
    defaultName: row.name,
    names: row.names,
    categoryId: row.categoryId ?? 'uncategorised',
    brand: row.brand,
    soldBy: row.soldBy,
    taxClassId: row.taxClassId,
    basePrice: row.price,
    memberPrices: row.memberPrices,
    features: {
      categoryId: row.categoryId ?? 'uncategorised',
      brand: row.brand,
      nameTokens: [],
    },
    active: row.active,
  };
}

/** Tax classes are few and change only by sync: read once, kept by the core. */
export function loadTaxClasses(db: RegisterDb): ReadonlyMap<string, TaxClass> {
  const rows = statement<[], { id: string; name: string; rate_basis_points: number }>(
    db,
    'SELECT id, name, rate_basis_points FROM tax_class',
  ).all();
  return new Map(
    rows.map((r) => [r.id, { id: r.id, name: r.name, rateBasisPoints: r.rate_basis_points }]),
  );
}
