// Head office's hand on the recommender: `POST /admin/recs/build` builds the models now (one store,
// or every store with new sales) instead of waiting for the periodic job; `GET
// /admin/recs/:storeId` says which model a store's registers are being sent.
import { z } from 'zod';
import { ApiError } from '../http/api-error';
import { parseInput } from '../http/validate';
import type { ServerContext } from '../server-context';
import type { StoredModel } from './recs-books';
import { latestModel, storeIds } from './recs-books';
import type { RecsJob } from './recs-build-job';

const storeId = z.string().min(1).max(100);
const buildBody = z
  .object({
    /** One store; every store when left out. */
    storeId: storeId.optional(),
    /** Build even when no sale is newer than the store's model. */
    force: z.boolean().default(false),
  })
  .strict();

function modelView(model: StoredModel) {
  return {
    storeId: model.storeId,
    version: model.version,
    cursor: model.cursor,
    builtAt: model.builtAt,
    baskets: model.baskets,
    entries: model.entries,
    bytes: model.bytes,
  };
}

export function registerRecsRoutes(context: ServerContext, job: RecsJob): void {
  const { app, db, guards } = context;

  app.post('/admin/recs/build', { preHandler: guards.admin }, async (request) => {
    const body = parseInput(buildBody, request.body ?? {}, 'body');
    const known = await storeIds(db);
    if (body.storeId !== undefined && !known.includes(body.storeId)) {
      throw new ApiError(404, 'store.notFound', `There is no store ${body.storeId}.`);
    }
    const stores = body.storeId === undefined ? known : [body.storeId];
    const results = [];
    for (const id of stores) {
      const outcome = await job.buildStore(id, body.force);
      results.push({
        storeId: id,
        built: outcome.kind === 'built',
        model: outcome.model === undefined ? null : modelView(outcome.model),
      });
    }
    return { stores: results };
  });

  app.get('/admin/recs/:storeId', { preHandler: guards.admin }, async (request) => {
    const params = parseInput(z.object({ storeId }), request.params, 'params');
    const model = await latestModel(db, params.storeId);
    if (model === undefined) {
      throw new ApiError(404, 'recs.noModel', `Store ${params.storeId} has no model yet.`);
    }
    return modelView(model);
  });
}
