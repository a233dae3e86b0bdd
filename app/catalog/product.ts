// A product as the register sells it: barcodes, names in the store's languages, how it is sold
// (by the unit, or by weight priced per kilogram), its tax class, its shelf price and member prices.
import { z } from 'zod';
import type { Money } from '../money';
import type { MemberLevel } from './member-level';
import { memberLevelSchema } from './member-level';
import { minorUnitsSchema, moneySchema } from './money-schema';

/** Names by BCP 47 locale; 'zh-CN' and 'en' are the ones the first stores use. */
export interface LocalizedNames {
  readonly 'zh-CN'?: string;
  readonly en?: string;
  readonly [locale: string]: string | undefined;
}

/**
 * 'each': quantity is a count of units and the price is per unit.
 * 'weight': quantity is grams and the price is per kilogram (1000 g).
 */
export type SoldBy = 'each' | 'weight';

/** Grams in the kilogram that weight prices are quoted per. */
export const GRAMS_PER_KILOGRAM = 1000;

/** Prices for members by level, in minor units of the product's base price currency. */
export type MemberPrices = Readonly<Partial<Record<MemberLevel, number>>>;

/** What the recommender compares products by (SPEC: content-based filtering). */
export interface ProductFeatures {
  readonly categoryId: string;
  readonly brand: string | null;
  /** Lower-case words or characters from the name, chosen by head office's tokenizer. */
  readonly nameTokens: readonly string[];
}

export interface Product {
  readonly id: string;
  /** GTIN-8/12/13/14 codes that scan to this product; a product may carry several. */
  readonly gtins: readonly string[];
  /** The name to show when the display locale has none of its own. */
  readonly defaultName: string;
  readonly names: LocalizedNames;
  readonly categoryId: string;
  readonly brand: string | null;
  readonly soldBy: SoldBy;
  readonly taxClassId: string;
  /** Per unit for 'each', per kilogram for 'weight'. Tax-inclusive or not as the store says. */
  readonly basePrice: Money;
  readonly memberPrices: MemberPrices;
  readonly features: ProductFeatures;
  /** Inactive products are kept for history (old receipts) but cannot be sold. */
  readonly active: boolean;
}

const gtinSchema = z
  .string()
  .regex(/^(\d{8}|\d{12,14})$/, { message: 'a GTIN has 8, 12, 13 or 14 digits' });

export const localizedNamesSchema: z.ZodType<LocalizedNames> = z.record(
  z.string().min(2),
  z.string().min(1),
);

export const productFeaturesSchema: z.ZodType<ProductFeatures> = z.object({
  categoryId: z.string().min(1),
  brand: z.string().min(1).nullable(),
  nameTokens: z.array(z.string().min(1)),
});

export const productSchema: z.ZodType<Product> = z.object({
  id: z.string().min(1),
  gtins: z.array(gtinSchema),
  defaultName: z.string().min(1),
  names: localizedNamesSchema,
  categoryId: z.string().min(1),
  brand: z.string().min(1).nullable(),
  soldBy: z.enum(['each', 'weight']),
  taxClassId: z.string().min(1),
  basePrice: moneySchema.refine((m) => m.amount >= 0, { message: 'a price cannot be negative' }),
  memberPrices: z.partialRecord(
    memberLevelSchema,
    minorUnitsSchema.refine((a) => a >= 0),
  ),
  features: productFeaturesSchema,
  active: z.boolean(),
});

/** The product's name in `locale`, else in its language ('zh' for 'zh-CN'), else the default. */
export function productName(product: Product, locale: string): string {
  const exact = product.names[locale];
  if (exact !== undefined && exact !== '') return exact;
  const language = locale.split('-')[0] ?? locale;
  for (const [key, name] of Object.entries(product.names)) {
    if (name !== undefined && name !== '' && key.split('-')[0] === language) return name;
  }
  return product.defaultName;
}

/** The member price for `level`, when the product has one below the base price; else null. */
export function memberPriceFor(product: Product, level: MemberLevel): Money | null {
  const amount = product.memberPrices[level];
  if (amount === undefined || amount >= product.basePrice.amount) return null;
  return { amount, currency: product.basePrice.currency };
}
