// Stock per store over HTTP: read, the five moves (each one transaction with its log row and a
// version check), safety stock, and the low-stock alerts. A register sees only its own store.
import { z } from 'zod';
import { fromDomainError } from '../http/api-error';
import { requireStore } from '../http/guards';
import { idSchema, quantitySchema, storeParams, storeProductParams } from '../http/schemas';
import { parseInput } from '../http/validate';
import { inVersionedTransaction } from '../db/version-retry';
import type { ServerContext } from '../server-context';
import type { StockMoveKind } from './stock-books';
import { listStock, moveStock, readStock, setSafetyStock } from './stock-books';

export const moveBody = z
  .object({
    quantity: quantitySchema,
    orderId: idSchema.optional(),
    reason: z.string().max(200).optional(),
  })
  .strict();
export const adjustBody = z
  .object({
    delta: z
      .number()
      .int()
      .min(-1_000_000_000)
      .max(1_000_000_000)
      .refine((d) => d !== 0, 'must not be 0'),
    reason: z.string().min(1).max(200),
  })
  .strict();
export const safetyBody = z.object({ safety: z.number().int().min(0).max(1_000_000_000) }).strict();
const moveParams = storeProductParams.extend({
  move: z.enum(['lock', 'deduct', 'release', 'receive']),
});

export function registerInventoryRoutes(context: ServerContext): void {
  const { app, db, clock, guards } = context;
  const auth = { preHandler: guards.authenticated };

  app.get('/stores/:storeId/stock', auth, async (request) => {
    const { storeId } = parseInput(storeParams, request.params, 'params');
    requireStore(request, storeId);
    return { stock: await listStock(db, storeId) };
  });

  app.get('/stores/:storeId/stock/:productId', auth, async (request, reply) => {
    const { storeId, productId } = parseInput(storeProductParams, request.params, 'params');
    requireStore(request, storeId);
    const level = await readStock(db, storeId, productId);
    if (level === undefined) {
      return reply.status(404).send({
        error: {
          code: 'stock.notFound',
          message: `No stock record for ${productId} in this store.`,
        },
      });
    }
    return level;
  });

  const applyMove = async (
    storeId: string,
    productId: string,
    kind: StockMoveKind,
    quantity: number,
    extra: { orderId?: string | undefined; reason?: string | undefined },
  ) => {
    const moved = await inVersionedTransaction(db, (tx) =>
      moveStock(
        tx,
        {
          storeId,
          productId,
          kind,
          quantity,
          ...(extra.orderId === undefined ? {} : { orderId: extra.orderId }),
          ...(extra.reason === undefined ? {} : { reason: extra.reason }),
        },
        clock(),
      ),
    );
    if (!moved.ok) throw fromDomainError(moved.error);
    return moved.value;
  };

  app.post('/stores/:storeId/stock/:productId/:move', auth, async (request) => {
    const { storeId, productId, move } = parseInput(moveParams, request.params, 'params');
    requireStore(request, storeId);
    const body = parseInput(moveBody, request.body, 'body');
    return applyMove(storeId, productId, move, body.quantity, body);
  });

  app.post('/stores/:storeId/stock/:productId/adjust', auth, async (request) => {
    const { storeId, productId } = parseInput(storeProductParams, request.params, 'params');
    requireStore(request, storeId);
    const body = parseInput(adjustBody, request.body, 'body');
    return applyMove(storeId, productId, 'adjust', body.delta, { reason: body.reason });
  });

  app.put('/stores/:storeId/stock/:productId/safety', auth, async (request) => {
    const { storeId, productId } = parseInput(storeProductParams, request.params, 'params');
    requireStore(request, storeId);
    const body = parseInput(safetyBody, request.body, 'body');
    return setSafetyStock(db, storeId, productId, body.safety);
  });

  app.get('/stores/:storeId/stock-alerts', auth, async (request) => {
    const { storeId } = parseInput(storeParams, request.params, 'params');
    requireStore(request, storeId);
    const { rows } = await db.query(
      'SELECT product_id AS "productId", available, safety, at FROM stock_alert WHERE store_id = $1 ORDER BY id DESC LIMIT 200',
      [storeId],
    );
    return { alerts: rows };
  });
}
