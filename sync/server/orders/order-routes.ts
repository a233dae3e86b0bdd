// Orders over HTTP: create (stock locked), move through the state machine (effects applied in the
// same transaction), read. A register sees only its own store's orders.
import { z } from 'zod';
import { ORDER_STATUSES } from '../../../app/orders';
import { inVersionedTransaction } from '../db/version-retry';
import { ApiError } from '../http/api-error';
import { requireStore } from '../http/guards';
import { idSchema, quantitySchema, storeParams } from '../http/schemas';
import { parseInput } from '../http/validate';
import type { ServerContext } from '../server-context';
import { createOrderInTx, loadOrder, transitionOrderInTx } from './order-books';

export const newOrderBody = z
  .object({
    id: idSchema,
    channel: z.enum(['counter', 'pickup', 'delivery']),
    memberId: idSchema.optional(),
    lines: z
      .array(z.object({ productId: idSchema, quantity: quantitySchema }).strict())
      .min(1)
      .max(500),
    total: z
      .object({
        amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        currency: z.string().regex(/^[A-Z]{3}$/),
      })
      .strict(),
  })
  .strict();
export const transitionBody = z
  .object({ to: z.enum(ORDER_STATUSES), restock: z.boolean().optional() })
  .strict();
const orderParams = storeParams.extend({ orderId: idSchema });

export function registerOrderRoutes(context: ServerContext): void {
  const { app, db, clock, guards } = context;
  const auth = { preHandler: guards.authenticated };

  app.post('/stores/:storeId/orders', auth, async (request, reply) => {
    const { storeId } = parseInput(storeParams, request.params, 'params');
    requireStore(request, storeId);
    const body = parseInput(newOrderBody, request.body, 'body');
    const order = await inVersionedTransaction(db, (tx) =>
      createOrderInTx(
        tx,
        {
          id: body.id,
          storeId,
          channel: body.channel,
          lines: body.lines,
          total: body.total,
          ...(body.memberId === undefined ? {} : { memberId: body.memberId }),
        },
        clock(),
      ),
    );
    return reply.status(201).send(order);
  });

  app.post('/stores/:storeId/orders/:orderId/transitions', auth, async (request) => {
    const { storeId, orderId } = parseInput(orderParams, request.params, 'params');
    requireStore(request, storeId);
    const body = parseInput(transitionBody, request.body, 'body');
    return inVersionedTransaction(db, async (tx) => {
      const stored = await loadOrder(tx, orderId);
      if (stored === undefined || stored.order.storeId !== storeId) {
        throw new ApiError(404, 'order.notFound', `There is no order ${orderId} in this store.`);
      }
      return transitionOrderInTx(tx, orderId, body.to, clock(), {
        ...(body.restock === undefined ? {} : { restock: body.restock }),
      });
    });
  });

  app.get('/stores/:storeId/orders/:orderId', auth, async (request) => {
    const { storeId, orderId } = parseInput(orderParams, request.params, 'params');
    requireStore(request, storeId);
    const stored = await loadOrder(db, orderId);
    if (stored === undefined || stored.order.storeId !== storeId) {
      throw new ApiError(404, 'order.notFound', `There is no order ${orderId} in this store.`);
    }
    return stored.order;
  });
}
