// A product as the local catalog answers a scan or a search: the row the register sells from,
// with its member prices, mapped from SQLite's column names and types to the store's words.
import type { MemberLevel } from '../../app/catalog/member-level';
import type { Money } from '../../app/money/money';

export interface CatalogProduct {
  /** Local row id. */
  readonly id: number;
  readonly gtin14: string;
  readonly name: string;
  /** Names by BCP 47 locale; empty when the catalog has only the default name. */
  readonly names: Readonly<Record<string, string>>;
  readonly categoryId: string | null;
  readonly brand: string | null;
  /** 'weight': quantities are grams and the price is per kilogram. */
  readonly soldBy: 'each' | 'weight';
  readonly taxClassId: string;
  readonly price: Money;
  readonly memberPrices: Readonly<Partial<Record<MemberLevel, number>>>;
  readonly active: boolean;
  readonly updatedAt: string;
}

/** The column list every product query selects, so that one mapper reads them all. */
export const PRODUCT_COLUMNS = `p.id, p.gtin14, p.name, p.names, p.category_id, p.brand, p.sold_by,
  p.tax_class_id, p.price_minor, p.currency, p.active, p.updated_at,
  (SELECT json_group_object(m.level, m.price_minor) FROM product_member_price m
    WHERE m.product_id = p.id) AS member_prices`;

export interface ProductRow {
  readonly id: number;
  readonly gtin14: string;
  readonly name: string;
  readonly names: string;
  readonly category_id: string | null;
  readonly brand: string | null;
  readonly sold_by: 'each' | 'weight';
  readonly tax_class_id: string;
  readonly price_minor: number;
  readonly currency: string;
  readonly active: 0 | 1;
  readonly updated_at: string;
  readonly member_prices: string;
}

const EMPTY_JSON = '{}';

export function toCatalogProduct(row: ProductRow): CatalogProduct {
  return {
    id: row.id,
    gtin14: row.gtin14,
    name: row.name,
    names: row.names === EMPTY_JSON ? {} : (JSON.parse(row.names) as Record<string, string>),
    categoryId: row.category_id,
    brand: row.brand,
    soldBy: row.sold_by,
    taxClassId: row.tax_class_id,
    price: { amount: row.price_minor, currency: row.currency },
    memberPrices:
      row.member_prices === EMPTY_JSON
        ? {}
        : (JSON.parse(row.member_prices) as Partial<Record<MemberLevel, number>>),
    active: row.active === 1,
    updatedAt: row.updated_at,
  };
}
