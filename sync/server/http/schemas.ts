// Input shapes several routes share: ids, whole quantities, and the store in the path.
import { z } from 'zod';

export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only');

/** Whole units above zero, bounded so sums stay exact integers. */
export const quantitySchema = z.number().int().positive().max(1_000_000_000);

export const storeParams = z.object({ storeId: idSchema });
export const storeProductParams = z.object({ storeId: idSchema, productId: idSchema });
