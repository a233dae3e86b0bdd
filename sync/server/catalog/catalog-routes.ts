// Head office's catalog over HTTP (admin staff tokens only): tax classes, categories, products by
// GTIN, prices per store or for the chain, promotions checked by app/pricing's schema, and the
// streamed CSV import. Every write is one transaction with its change cursor.
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { gtin14Key } from '../../../app/catalog/catalog-csv';
import {
  currencyCodeSchema,
  localizedNamesSchema,
  memberLevelSchema,
  minorUnitsSchema,
} from '../../../app/catalog';
import { promotionSchema } from '../../../app/pricing';
import { ApiError } from '../http/api-error';
import { idSchema } from '../http/schemas';
import { parseInput } from '../http/validate';
import type { ServerContext } from '../server-context';
import {
  CHAIN_PRICE,
  deactivateProduct,
  putCategory,
  putPrice,
  putProduct,
  putPromotion,
  putTaxClass,
  readProduct,
  readPromotion,
  removePrice,
  removePromotion,
} from './catalog-books';
import { importCatalogCsv } from './catalog-import';

const amount = minorUnitsSchema.refine((a) => a >= 0, { message: 'must not be negative' });

export const taxClassBody = z
  .object({
    name: z.string().min(1).max(100),
    rateBasisPoints: z.number().int().min(0).max(10_000),
  })
  .strict();
export const categoryBody = z
  .object({ names: localizedNamesSchema, sortOrder: z.number().int().default(0) })
  .strict();
export const productBody = z
  .object({
    name: z.string().trim().min(1).max(300),
    names: localizedNamesSchema.default({}),
    categoryId: idSchema.nullable().default(null),
    brand: z.string().min(1).max(200).nullable().default(null),
    soldBy: z.enum(['each', 'weight']).default('each'),
    taxClassId: idSchema,
    active: z.boolean().default(true),
  })
  .strict();
export const priceBody = z
  .object({
    amount,
    currency: currencyCodeSchema,
    memberPrices: z.partialRecord(memberLevelSchema, amount).default({}),
  })
  .strict();
export const promotionBody = z
  .object({ storeId: idSchema.nullable().default(null), promotion: promotionSchema })
  .strict();

const idParams = z.object({ id: idSchema });
const gtinParams = z.object({ gtin: z.string().min(1).max(20) });
/** 'chain' names the chain-wide default price. */
const priceParams = gtinParams.extend({ storeId: idSchema });

/** The GTIN-14 key of a path's GTIN-8, -12, -13 or -14, or a 400. */
function gtinOf(params: unknown): string {
  const { gtin } = parseInput(gtinParams.passthrough(), params, 'params');
  const key = gtin14Key(gtin);
  if (key === undefined) {
    throw new ApiError(
      400,
      'request.invalid',
      `params.gtin: '${gtin}' is not a GTIN-8, -12, -13 or -14`,
    );
  }
  return key;
}

function priceStore(storeId: string): string {
  return storeId === 'chain' ? CHAIN_PRICE : storeId;
}

/** Body of a CSV import: larger than any JSON body, read as a stream, never held whole. */
const IMPORT_CONTENT_TYPES = ['text/csv', 'application/gzip'];

export function registerCatalogRoutes(context: ServerContext): void {
  const { app, db, clock, guards } = context;
  const admin = { preHandler: guards.admin };

  app.put('/admin/catalog/tax-classes/:id', admin, async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(taxClassBody, request.body, 'body');
    return { cursor: await db.transaction((tx) => putTaxClass(tx, id, body, clock())) };
  });

  app.put('/admin/catalog/categories/:id', admin, async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(categoryBody, request.body, 'body');
    return { cursor: await db.transaction((tx) => putCategory(tx, id, body, clock())) };
  });

  app.put('/admin/catalog/products/:gtin', admin, async (request) => {
    const gtin14 = gtinOf(request.params);
    const body = parseInput(productBody, request.body, 'body');
    return { gtin14, cursor: await db.transaction((tx) => putProduct(tx, gtin14, body, clock())) };
  });

  app.get('/admin/catalog/products/:gtin', admin, async (request) => {
    const gtin14 = gtinOf(request.params);
    const product = await readProduct(db, gtin14);
    if (product === undefined) {
      throw new ApiError(404, 'catalog.productNotFound', `No product with GTIN ${gtin14}.`);
    }
    return product;
  });

  app.delete('/admin/catalog/products/:gtin', admin, async (request) => {
    const gtin14 = gtinOf(request.params);
    return { gtin14, cursor: await db.transaction((tx) => deactivateProduct(tx, gtin14, clock())) };
  });

  app.put('/admin/catalog/products/:gtin/prices/:storeId', admin, async (request) => {
    const gtin14 = gtinOf(request.params);
    const { storeId } = parseInput(priceParams, request.params, 'params');
    const body = parseInput(priceBody, request.body, 'body');
    const cursor = await db.transaction((tx) =>
      putPrice(tx, gtin14, priceStore(storeId), body, clock()),
    );
    return { gtin14, cursor };
  });

  app.delete('/admin/catalog/products/:gtin/prices/:storeId', admin, async (request) => {
    const gtin14 = gtinOf(request.params);
    const { storeId } = parseInput(priceParams, request.params, 'params');
    const cursor = await db.transaction((tx) =>
      removePrice(tx, gtin14, priceStore(storeId), clock()),
    );
    return { gtin14, cursor };
  });

  app.put('/admin/promotions/:id', admin, async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    const body = parseInput(promotionBody, request.body, 'body');
    if (body.promotion.id !== id) {
      throw new ApiError(
        400,
        'request.invalid',
        `body.promotion.id: must be ${id}, as in the path`,
      );
    }
    const cursor = await db.transaction((tx) =>
      putPromotion(tx, body.promotion, body.storeId, clock()),
    );
    return { id, cursor };
  });

  app.get('/admin/promotions/:id', admin, async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    const found = await readPromotion(db, id);
    if (found === undefined) throw new ApiError(404, 'promotion.notFound', `No promotion ${id}.`);
    return found;
  });

  app.delete('/admin/promotions/:id', admin, async (request) => {
    const { id } = parseInput(idParams, request.params, 'params');
    return { id, cursor: await db.transaction((tx) => removePromotion(tx, id, clock())) };
  });

  // The CSV arrives as a stream (gzip when sent as application/gzip or with content-encoding
  // gzip); rows are written in batches as they are read.
  app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(IMPORT_CONTENT_TYPES, (_request, payload, done) => {
      done(null, payload);
    });
    scope.post('/admin/catalog/import', admin, async (request) => {
      const raw = request.body as Readable;
      const gzip =
        request.headers['content-type']?.startsWith('application/gzip') === true ||
        request.headers['content-encoding'] === 'gzip';
      const input = gzip ? raw.pipe(createGunzip()) : raw;
      if (gzip) raw.on('error', (error) => input.destroy(error));
      try {
        return await importCatalogCsv(db, input, { now: clock() });
      } catch (error) {
        if (error instanceof ApiError) throw error;
        if (gzip && (error as { code?: unknown }).code === 'Z_DATA_ERROR') {
          throw new ApiError(
            400,
            'catalog.badGzip',
            'The gzip data is not valid; rows read before the fault were imported.',
          );
        }
        throw error;
      }
    });
    done();
  });
}
