// What a scale label sells: the PLU table turns the label's item code into a catalog product, and
// the label's numbers into the line — a weight for an item sold by weight, a count for one sold by
// the unit, or, when the scale printed a price, the labelled pack at that price.
import type { VariableMeasureReading } from '../../app/barcode';
import { pluKey } from '../../app/commands/settings-commands';
import { money } from '../../app/money';
import type { Result } from '../../app/result';
import { err, ok } from '../../app/result';
import type { CatalogProduct } from '../catalog';

/** The store's PLU table keyed by `pluKey`, as the scan path reads it. */
export type PluTable = ReadonlyMap<string, string>;

export function pluTableOf(table: Readonly<Record<string, string>>): PluTable {
  return new Map(Object.entries(table).map(([plu, gtin]) => [pluKey(plu), gtin]));
}

/** The GTIN a label's item code is set up as, if it is. */
export function pluGtin(table: PluTable, itemReference: string): string | undefined {
  return table.get(pluKey(itemReference));
}

export interface ScaleLabelLine {
  /** The product as the line sells it (a priced pack is sold as one unit at the label's price). */
  readonly product: CatalogProduct;
  readonly quantity: { readonly units?: number; readonly grams?: number };
}

/**
 * The line a scale label adds. A printed price wins over the weight or count beside it: it is what
 * the scale charged and the customer saw, so the pack is one unit at that price (its member prices
 * do not apply: they are per unit or per kilogram, not per pack).
 */
export function scaleLabelLine(
  product: CatalogProduct,
  label: VariableMeasureReading,
): Result<ScaleLabelLine> {
  if (label.price !== undefined) {
    if (label.price <= 0) {
      return err('checkout.badScaleLabel', 'The scale label shows no price: weigh the item again');
    }
    return ok({
      product: {
        ...product,
        soldBy: 'each',
        price: money(label.price, label.currency ?? product.price.currency),
        memberPrices: {},
      },
      quantity: {},
    });
  }
  if (label.weightGrams !== undefined) {
    if (product.soldBy !== 'weight') {
      return err(
        'checkout.badScaleLabel',
        `${product.name} is sold by the unit, but its scale label gives a weight: ask a manager to check the PLU`,
        { gtin14: product.gtin14 },
      );
    }
    return ok({ product, quantity: { grams: label.weightGrams } });
  }
  if (label.count !== undefined) {
    if (product.soldBy !== 'each') {
      return err(
        'checkout.badScaleLabel',
        `${product.name} is sold by weight, but its scale label gives a count: ask a manager to check the PLU`,
        { gtin14: product.gtin14 },
      );
    }
    return ok({ product, quantity: { units: label.count } });
  }
  return err('checkout.badScaleLabel', 'The scale label has no price, weight or count');
}
