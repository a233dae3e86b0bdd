// The default consumer of domain events: turns each into a notice for whoever must act — the
// store that picks a new delivery order or reorders a low product, the member who reached a new
// level, head office when a flash sale sells out. Notices are rows (`event_notice`) written in the
// dispatch transaction, so each event leaves its notice once however often it is redelivered.
import { z } from 'zod';
import { err, missingCase, ok } from '../../../app/result';
import type { Result } from '../../../app/result';
import type { SqlRunner } from '../db/db';
import { DOMAIN_EVENT_TYPES } from './outbox';
import type { OutboxConsumer, OutboxEvent } from './outbox-consumer';

export const NOTICE_BOARD = 'noticeBoard';

const orderCreated = z.object({ orderId: z.string() });
const orderStatusChanged = z.object({ orderId: z.string(), from: z.string(), to: z.string() });
const memberLevelChanged = z.object({ memberId: z.string(), from: z.string(), to: z.string() });
const lowStock = z.object({
  storeId: z.string(),
  productId: z.string(),
  available: z.number(),
  safety: z.number(),
});
const flashSaleSoldOut = z.object({ saleId: z.string() });

interface Notice {
  readonly audience: string;
  readonly kind: string;
  readonly message: string;
}

function parsed<T>(schema: z.ZodType<T>, event: OutboxEvent): Result<T> {
  const read = schema.safeParse(event.payload);
  if (read.success) return ok(read.data);
  const problem = read.error.issues[0];
  return err(
    'event.malformed',
    `${event.type} event ${event.id} is not readable: ${problem?.path.join('.') ?? ''} ${problem?.message ?? ''}`.trim(),
  );
}

async function storeOfOrder(tx: SqlRunner, orderId: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ store_id: string }>(
    'SELECT store_id FROM customer_order WHERE id = $1',
    [orderId],
  );
  return rows[0]?.store_id;
}

/** The notice an event calls for, if any (most status changes need nobody's attention). */
async function noticeFor(tx: SqlRunner, event: OutboxEvent): Promise<Result<Notice | undefined>> {
  switch (event.type) {
    case 'orderCreated': {
      const read = parsed(orderCreated, event);
      if (!read.ok) return read;
      const storeId = await storeOfOrder(tx, read.value.orderId);
      if (storeId === undefined)
        return err('event.unknownOrder', `order ${read.value.orderId} is not on the books`);
      return ok({
        audience: `store:${storeId}`,
        kind: 'orderCreated',
        message: `New order ${read.value.orderId} to fulfil.`,
      });
    }
    case 'orderStatusChanged': {
      const read = parsed(orderStatusChanged, event);
      if (!read.ok) return read;
      const { orderId, to } = read.value;
      if (to !== 'paid' && to !== 'cancelled') return ok(undefined);
      const storeId = await storeOfOrder(tx, orderId);
      if (storeId === undefined)
        return err('event.unknownOrder', `order ${orderId} is not on the books`);
      return ok({
        audience: `store:${storeId}`,
        kind: `order.${to}`,
        message:
          to === 'paid'
            ? `Order ${orderId} is paid: pick and pack it.`
            : `Order ${orderId} was cancelled: put back anything picked for it.`,
      });
    }
    case 'memberLevelChanged': {
      const read = parsed(memberLevelChanged, event);
      if (!read.ok) return read;
      return ok({
        audience: `member:${read.value.memberId}`,
        kind: 'memberLevelChanged',
        message: `Your membership level is now ${read.value.to} (was ${read.value.from}).`,
      });
    }
    case 'lowStock': {
      const read = parsed(lowStock, event);
      if (!read.ok) return read;
      const { storeId, productId, available, safety } = read.value;
      return ok({
        audience: `store:${storeId}`,
        kind: 'lowStock',
        message: `${productId} is low: ${available} available, safety stock ${safety}. Reorder.`,
      });
    }
    case 'flashSaleSoldOut': {
      const read = parsed(flashSaleSoldOut, event);
      if (!read.ok) return read;
      return ok({
        audience: 'head-office',
        kind: 'flashSaleSoldOut',
        message: `Flash sale ${read.value.saleId} is sold out.`,
      });
    }
    default:
      return missingCase(event.type);
  }
}

export function createNoticeBoard(): OutboxConsumer {
  return {
    name: NOTICE_BOARD,
    types: DOMAIN_EVENT_TYPES,
    async handle(tx, event) {
      const notice = await noticeFor(tx, event);
      if (!notice.ok) return notice;
      if (notice.value === undefined) return ok(undefined);
      await tx.query(
        'INSERT INTO event_notice (event_id, audience, kind, message, at) VALUES ($1, $2, $3, $4, $5)',
        [event.id, notice.value.audience, notice.value.kind, notice.value.message, event.createdAt],
      );
      return ok(undefined);
    },
  };
}
