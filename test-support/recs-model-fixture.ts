// A recommendation model for a test register, stored the way a pull applies one: built with
// `buildRecsModel` from a few baskets of products named by GTIN-14, written by
// `applyRecsModelEntry` — so the core's suggestions answer from it as from a pulled model.
import type { ProductFeatures } from '../app/catalog';
import type { Basket, RecsModel } from '../app/recommendations';
import { buildRecsModel, recsOptions } from '../app/recommendations';
import { applyRecsModelEntry } from '../main/recs/recs-model-store';
import type { RegisterDb } from '../main/store/register-db';

export interface RecsModelFixtureOptions {
  readonly storeId: string;
  /** Each basket's products by GTIN-14, and its member (null: walk-in). */
  readonly baskets: readonly Basket[];
  readonly version?: number;
  readonly builtAt: number;
}

/** Builds the model and stores it in place of the register's current one; answers the model. */
export function storeRecsModel(db: RegisterDb, options: RecsModelFixtureOptions): RecsModel {
  const features = new Map<string, ProductFeatures>();
  for (const basket of options.baskets)
    for (const gtin of basket.productIds)
      features.set(gtin, { categoryId: 'general', brand: null, nameTokens: [gtin] });
  const model = buildRecsModel(
    options.baskets,
    features,
    // A handful of baskets: every pair bought together counts.
    recsOptions({ boughtTogether: { measure: 'cosine', minSupport: 1 } }),
    { storeId: options.storeId, version: options.version ?? 1, builtAt: options.builtAt },
  );
  applyRecsModelEntry(db, { cursor: options.version ?? 1, model }, options.builtAt);
  return model;
}
