// Builds each store's recommendation model from its booked counter sales: the sales are read in
// pages into the streaming counter (memory grows with products, pairs and members, never with
// lines), trained, cut to top-k lists and stored as the store's next version. A store with no
// sale booked since its last model is skipped, so the periodic run costs one query per store.
import type { FastifyBaseLogger } from 'fastify';
import type { RecsModel, RecsOptions } from '../../../app/recommendations';
import {
  collectPurchases,
  DEFAULT_RECS_OPTIONS,
  recsModelEntryBound,
  recsModelEntryCount,
  serialiseRecsModel,
  toRecsModel,
  trainRecs,
} from '../../../app/recommendations';
import type { Db } from '../db/db';
import type { SalesPosition, StoredModel } from './recs-books';
import {
  latestModel,
  countSales,
  readProductFeatures,
  readSalesPage,
  storeIds,
  storeModel,
} from './recs-books';

export type RecsBuildOutcome =
  | { readonly kind: 'built'; readonly model: StoredModel }
  /** No sale booked since the store's model was built (or no sale at all). */
  | { readonly kind: 'current'; readonly model: StoredModel | undefined };

export interface RecsJob {
  /** Builds one store's model now (`force`: even when nothing new was sold). */
  readonly buildStore: (storeId: string, force?: boolean) => Promise<RecsBuildOutcome>;
  /** Every store with new sales; the periodic run. Returns how many models were built. */
  readonly runOnce: () => Promise<number>;
}

export interface RecsJobOptions {
  readonly db: Db;
  readonly clock: () => number;
  readonly log: FastifyBaseLogger;
  /** The recommender's settings (SPEC weights by default). */
  readonly options?: RecsOptions;
  /** Sales read per query. */
  readonly pageSize?: number;
  /** Versions kept per store: the newest serves, the rest are for a person comparing. */
  readonly keepVersions?: number;
}

export function createRecsJob(job: RecsJobOptions): RecsJob {
  const options = job.options ?? DEFAULT_RECS_OPTIONS;
  const pageSize = job.pageSize ?? 2_000;
  const keep = job.keepVersions ?? 3;
  const bound = recsModelEntryBound(options.limits);

  async function build(storeId: string): Promise<{
    model: RecsModel;
    salesRead: number;
  }> {
    const collector = collectPurchases(options.collect);
    let after: SalesPosition = { receivedAt: -1, mutationId: '' };
    let salesRead = 0;
    for (;;) {
      const page = await readSalesPage(job.db, storeId, after, pageSize);
      salesRead += page.baskets.length;
      for (const basket of page.baskets) {
        if (basket.productIds.length > 0) collector.addBasket(basket);
      }
      if (page.last === undefined) break;
      after = page.last;
    }
    const counts = collector.finish();
    const features = await readProductFeatures(job.db, counts.productIds);
    const stamp = { storeId, version: 0, builtAt: job.clock() };
    return {
      model: toRecsModel(trainRecs(counts, features, options), stamp),
      salesRead,
    };
  }

  async function buildStore(storeId: string, force = false): Promise<RecsBuildOutcome> {
    const [previous, sales] = await Promise.all([
      latestModel(job.db, storeId),
      countSales(job.db, storeId),
    ]);
    if (!force && (sales === 0 || (previous !== undefined && sales <= previous.salesRead))) {
      return { kind: 'current', model: previous };
    }
    const started = job.clock();
    const { model, salesRead } = await build(storeId);
    const entries = recsModelEntryCount(model);
    // The builder cuts every list to its limit; this is the guard that a register is never sent
    // more than the bound its store was promised, whatever the builder does.
    if (entries > bound) {
      throw new Error(`recs model for ${storeId} has ${entries} entries, over the bound ${bound}`);
    }
    const stored = await job.db.transaction((tx) =>
      storeModel(
        tx,
        {
          storeId,
          builtAt: model.builtAt,
          salesRead,
          baskets: model.stats.baskets,
          entries,
          serialise: (version) => serialiseRecsModel({ ...model, version }),
        },
        keep,
      ),
    );
    job.log.info(
      {
        storeId,
        version: stored.version,
        baskets: stored.baskets,
        entries,
        bytes: stored.bytes,
        ms: job.clock() - started,
      },
      'recommendation model built',
    );
    return { kind: 'built', model: stored };
  }

  return {
    buildStore,
    async runOnce() {
      let built = 0;
      for (const storeId of await storeIds(job.db)) {
        try {
          if ((await buildStore(storeId)).kind === 'built') built += 1;
        } catch (error) {
          // One store's failure must not keep the others' suggestions stale.
          job.log.error({ err: error, storeId }, 'recommendation model build failed');
        }
      }
      return built;
    },
  };
}
