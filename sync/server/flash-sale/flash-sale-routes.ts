// Flash sales over HTTP: head office defines a sale (its units are pre-warmed at once); registers
// and the online shop reserve for a member and pay within 15 minutes.
import { z } from 'zod';
import { isValidFlashSale } from '../../../app/flash-sale';
import { missingCase } from '../../../app/result';
import { ApiError } from '../http/api-error';
import { idSchema, quantitySchema } from '../http/schemas';
import { parseInput } from '../http/validate';
import type { ServerContext } from '../server-context';
import { inVersionedTransaction } from '../db/version-retry';
import type { StoredFlashSale } from './flash-sale-books';
import { insertFlashSale, payReservation } from './flash-sale-books';
import type { ReservationDesk } from './reservation-desk';
import type { ReservationWriter } from './reservation-writer';
import type { FlashStock } from './flash-stock';

export const saleBody = z
  .object({
    id: idSchema,
    productId: idSchema,
    storeId: idSchema,
    flashPrice: z
      .object({
        amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
        currency: z.string().regex(/^[A-Z]{3}$/),
      })
      .strict(),
    totalStock: quantitySchema,
    perMemberLimit: quantitySchema,
    startsAt: z.number().int().min(0),
    endsAt: z.number().int().min(0),
  })
  .strict();
export const reserveBody = z
  .object({ memberId: idSchema, quantity: quantitySchema.max(1000).default(1) })
  .strict();
const saleParams = z.object({ saleId: idSchema });
const payParams = saleParams.extend({ reservationId: idSchema });

export function registerFlashSaleRoutes(
  context: ServerContext,
  flash: Readonly<{ desk: ReservationDesk; writer: ReservationWriter; stock: FlashStock }>,
): void {
  const { app, db, clock, guards } = context;

  app.post('/admin/flash-sales', { preHandler: guards.admin }, async (request, reply) => {
    const body = parseInput(saleBody, request.body, 'body');
    const sale: StoredFlashSale = { ...body, status: 'pending' };
    if (!isValidFlashSale(sale)) {
      throw new ApiError(
        400,
        'request.invalid',
        'The sale needs units, a limit of at least 1 and a start before its end.',
      );
    }
    await insertFlashSale(db, sale, clock());
    await flash.desk.prewarm(sale);
    return reply.status(201).send(sale);
  });

  app.get('/flash-sales/:saleId', { preHandler: guards.authenticated }, async (request) => {
    const { saleId } = parseInput(saleParams, request.params, 'params');
    const sale = await flash.desk.sale(saleId);
    if (sale === undefined)
      throw new ApiError(404, 'flashSale.notFound', `There is no flash sale ${saleId}.`);
    return { ...sale, unitsLeft: (await flash.stock.unitsLeft(saleId)) ?? 0 };
  });

  app.post(
    '/flash-sales/:saleId/reservations',
    { preHandler: guards.authenticated },
    async (request, reply) => {
      const { saleId } = parseInput(saleParams, request.params, 'params');
      const body = parseInput(reserveBody, request.body, 'body');
      const answer = await flash.desk.reserve(saleId, body.memberId, body.quantity);
      if (answer.ok)
        return reply
          .status(201)
          .send({ reservationId: answer.reservationId, expiresAt: answer.expiresAt });
      return reply
        .status(answer.status)
        .send({ error: { code: answer.code, message: answer.message } });
    },
  );

  app.post(
    '/flash-sales/:saleId/reservations/:reservationId/pay',
    { preHandler: guards.authenticated },
    async (request) => {
      const { saleId, reservationId } = parseInput(payParams, request.params, 'params');
      const sale = await flash.desk.sale(saleId);
      if (sale === undefined)
        throw new ApiError(404, 'flashSale.notFound', `There is no flash sale ${saleId}.`);
      await flash.writer.flush();
      if (flash.writer.failed(reservationId)) {
        throw new ApiError(
          410,
          'flashSale.reservationLost',
          'This reservation could not be kept; reserve again.',
        );
      }
      const paid = await inVersionedTransaction(db, (tx) =>
        payReservation(tx, sale, reservationId, clock()),
      );
      switch (paid.kind) {
        case 'paid':
          return { orderId: paid.orderId, status: 'paid' };
        case 'notFound':
          throw new ApiError(
            404,
            'flashSale.reservationNotFound',
            `There is no reservation ${reservationId} in this sale.`,
          );
        case 'expired':
          throw new ApiError(
            410,
            'flashSale.reservationExpired',
            'This reservation was not paid within 15 minutes and has expired.',
          );
        default:
          return missingCase(paid);
      }
    },
  );
}
