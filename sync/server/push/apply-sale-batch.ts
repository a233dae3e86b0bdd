// The fast path of a pushed batch made only of new sales, the common case: the same books as
// applying each sale in turn (apply-mutation), written with a handful of set-based statements
// instead of some twenty per sale. Stock rows the batch touches are read and locked once, in key
// order (so concurrent batches queue instead of colliding on versions), moved in memory by the
// same app/inventory rule, and written back once. Anything the fast path does not take — a
// repeat, another mutation type, an unreadable payload — returns undefined and the caller books
// the batch one mutation at a time; so does any unexpected failure (the caller rolls this back).
import { deductOffline, isLowStock, stockLevel } from '../../../app/inventory';
import type { StockLevel, StockMove } from '../../../app/inventory';
import { COUNTER_SALE_PATH } from '../../../app/orders';
import type { OrderStatus } from '../../../app/orders';
import type { MutationReading, MutationResult, PushBatch, SaleCompleted } from '../../protocol';
import { readMutation } from '../../protocol';
import type { SqlRunner } from '../db/db';
import { VersionConflict } from '../db/version-retry';
import { raiseLowStockAlert } from '../inventory/stock-books';
import type { MutationContext, MutationOutcome } from './apply-mutation';
import { outcome, storeFlag } from './apply-mutation';
import { bookSaleMemberPoints } from './sale-points';

interface StockEntry {
  /** As read from the database (locked); undefined for a product the store never stocked. */
  readonly stored: StockLevel | undefined;
  /** After the batch's moves so far; undefined until the first move of an unknown product. */
  current: StockLevel | undefined;
}

interface Reconciliation {
  readonly productId: string;
  readonly kind: 'negativeStock' | 'unknownProduct';
  readonly available: number;
  readonly orderId: string;
  readonly mutationId: string;
}

const key = (storeId: string, productId: string) => `${storeId}\u0000${productId}`;

function quantitiesOf(sale: SaleCompleted): Map<string, number> {
  const quantities = new Map<string, number>();
  for (const line of sale.lines) {
    quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
  }
  return quantities;
}

async function lockStock(
  tx: SqlRunner,
  storeId: string,
  productIds: readonly string[],
): Promise<Map<string, StockEntry>> {
  const entries = new Map<string, StockEntry>();
  for (const productId of productIds) {
    entries.set(key(storeId, productId), { stored: undefined, current: undefined });
  }
  if (productIds.length === 0) return entries;
  const { rows } = await tx.query<{
    product_id: string;
    total: number;
    available: number;
    locked: number;
    safety: number;
    version: number;
  }>(
    `SELECT product_id, total, available, locked, safety, version FROM stock_level
     WHERE store_id = $1 AND product_id = ANY($2::text[])
     ORDER BY product_id FOR UPDATE`,
    [storeId, [...productIds].sort()],
  );
  for (const row of rows) {
    const level: StockLevel = {
      storeId,
      productId: row.product_id,
      total: row.total,
      available: row.available,
      locked: row.locked,
      safety: row.safety,
      version: row.version,
    };
    entries.set(key(storeId, row.product_id), { stored: level, current: level });
  }
  return entries;
}

async function writeStock(
  tx: SqlRunner,
  entries: ReadonlyMap<string, StockEntry>,
  moves: readonly StockMove[],
  now: number,
): Promise<void> {
  const changed = [...entries.values()].filter(
    (e): e is StockEntry & { current: StockLevel } =>
      e.current !== undefined && e.current.version !== e.stored?.version,
  );
  const updates = changed.filter((e) => e.stored !== undefined);
  const inserts = changed.filter((e) => e.stored === undefined);
  const column = <T>(list: readonly { current: StockLevel }[], pick: (s: StockLevel) => T) =>
    list.map((e) => pick(e.current));
  if (updates.length > 0) {
    const updated = await tx.query(
      `UPDATE stock_level AS s SET total = u.total, available = u.available, locked = u.locked,
         version = u.version
       FROM unnest($1::text[], $2::text[], $3::int4[], $4::int4[], $5::int4[], $6::int4[], $7::int4[])
         AS u (store_id, product_id, total, available, locked, version, read_version)
       WHERE s.store_id = u.store_id AND s.product_id = u.product_id AND s.version = u.read_version`,
      [
        column(updates, (s) => s.storeId),
        column(updates, (s) => s.productId),
        column(updates, (s) => s.total),
        column(updates, (s) => s.available),
        column(updates, (s) => s.locked),
        column(updates, (s) => s.version),
        updates.map((e) => e.stored?.version ?? 0),
      ],
    );
    // The rows are locked, so this cannot happen; if it ever does, no update is lost.
    if (updated.rowCount !== updates.length) throw new VersionConflict('stock (sale batch)');
  }
  if (inserts.length > 0) {
    const inserted = await tx.query(
      `INSERT INTO stock_level (store_id, product_id, total, available, locked, safety, version)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int4[], $4::int4[], $5::int4[], $6::int4[], $7::int4[])
       ON CONFLICT (store_id, product_id) DO NOTHING`,
      [
        column(inserts, (s) => s.storeId),
        column(inserts, (s) => s.productId),
        column(inserts, (s) => s.total),
        column(inserts, (s) => s.available),
        column(inserts, (s) => s.locked),
        column(inserts, (s) => s.safety),
        column(inserts, (s) => s.version),
      ],
    );
    // Another writer created the row since the read: start again on fresh reads.
    if (inserted.rowCount !== inserts.length) throw new VersionConflict('stock (sale batch)');
  }
  if (moves.length > 0) {
    await tx.query(
      `INSERT INTO stock_move (store_id, product_id, type, quantity, figure, before, after, order_id, reason, at)
       SELECT store_id, product_id, type, quantity, figure, before, after, order_id, reason, $10
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int4[], $5::text[], $6::int4[], $7::int4[], $8::text[], $9::text[])
         AS m (store_id, product_id, type, quantity, figure, before, after, order_id, reason)`,
      [
        moves.map((m) => m.storeId),
        moves.map((m) => m.productId),
        moves.map((m) => m.type),
        moves.map((m) => m.quantity),
        moves.map((m) => m.figure),
        moves.map((m) => m.before),
        moves.map((m) => m.after),
        moves.map((m) => m.orderId ?? null),
        moves.map((m) => m.reason ?? null),
        now,
      ],
    );
  }
}

/**
 * Books a batch of new sales, or returns undefined when the batch needs the one-by-one path.
 * Runs in the push transaction after last_seq is locked; the caller advances last_seq.
 */
export async function applySaleBatch(
  tx: SqlRunner,
  input: Readonly<{
    batch: PushBatch;
    registerId: string;
    storeId: string;
    now: number;
    reading?: MutationReading;
  }>,
): Promise<MutationResult[] | undefined> {
  const { batch, registerId, storeId, now } = input;
  const sales: { mutationId: string; sale: SaleCompleted }[] = [];
  for (const mutation of batch.mutations) {
    if (mutation.type !== 'sale.completed') return undefined;
    const read = readMutation(mutation, input.reading);
    if (!read.ok || read.value.type !== 'sale.completed') return undefined;
    sales.push({ mutationId: mutation.mutation_id, sale: read.value.payload });
  }
  if (sales.length === 0) return undefined;
  const mutationIds = sales.map((s) => s.mutationId);
  if (new Set(mutationIds).size !== mutationIds.length) return undefined;
  const repeats = await tx.query(
    'SELECT 1 FROM sync_mutation WHERE mutation_id = ANY($1::text[]) LIMIT 1',
    [mutationIds],
  );
  if (repeats.rows.length > 0) return undefined;

  // Orders first: a sale id already on the books (or earlier in this batch) is a duplicate.
  const fresh: typeof sales = [];
  const seen = new Set<string>();
  for (const s of sales) {
    if (!seen.has(s.sale.saleId)) fresh.push(s);
    seen.add(s.sale.saleId);
  }
  const quantities = new Map(fresh.map((s) => [s.mutationId, quantitiesOf(s.sale)]));
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO customer_order (id, store_id, channel, member_id, lines, total_amount, currency, status, created_at, points_earned, times)
     SELECT id, $1, 'counter', member_id, lines, total, currency, 'completed', at, 0, times
     FROM unnest($2::text[], $3::text[], $4::jsonb[], $5::int8[], $6::text[], $7::int8[], $8::jsonb[])
       AS o (id, member_id, lines, total, currency, at, times)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      storeId,
      fresh.map((s) => s.sale.saleId),
      fresh.map((s) => s.sale.memberId),
      fresh.map((s) =>
        JSON.stringify(
          [...(quantities.get(s.mutationId) ?? [])].map(([productId, quantity]) => ({
            productId,
            quantity,
          })),
        ),
      ),
      fresh.map((s) => s.sale.total),
      fresh.map((s) => s.sale.currency),
      fresh.map((s) => s.sale.completedAt),
      fresh.map((s) => {
        const times: Partial<Record<`${OrderStatus}At`, number>> = {};
        for (const status of COUNTER_SALE_PATH) times[`${status}At`] = s.sale.completedAt;
        return JSON.stringify(times);
      }),
    ],
  );
  const booked = new Set(inserted.rows.map((r) => r.id));

  const productIds = new Set<string>();
  for (const s of fresh) {
    if (!booked.has(s.sale.saleId)) continue;
    for (const [productId, quantity] of quantities.get(s.mutationId) ?? []) {
      if (quantity > 0) productIds.add(productId);
    }
  }
  const stock = await lockStock(tx, storeId, [...productIds]);
  const moves: StockMove[] = [];
  const reconciliations: Reconciliation[] = [];
  const transitions: { orderId: string; from: OrderStatus; to: OrderStatus; at: number }[] = [];
  const outcomes = new Map<string, MutationOutcome>();
  const bookedHere = new Set<string>();

  for (const { mutationId, sale } of sales) {
    if (!booked.has(sale.saleId) || bookedHere.has(sale.saleId)) {
      outcomes.set(mutationId, {
        status: 'duplicate',
        reason: `sale ${sale.saleId} is already booked`,
      });
      continue;
    }
    bookedHere.add(sale.saleId);
    let from: OrderStatus = 'pending';
    for (const to of COUNTER_SALE_PATH) {
      transitions.push({ orderId: sale.saleId, from, to, at: sale.completedAt });
      from = to;
    }
    const context: MutationContext = { tx, storeId, registerId, mutationId, now };
    const flags = storeFlag(context, sale.storeId);
    for (const [productId, quantity] of quantities.get(mutationId) ?? []) {
      if (quantity <= 0) {
        flags.push(`line.quantity: ${quantity} of ${productId} is not a sale`);
        continue;
      }
      const entry = stock.get(key(storeId, productId));
      if (entry === undefined) throw new Error(`stock ${productId} was not read`);
      const read = entry.current ?? stockLevel({ storeId, productId });
      const deducted = deductOffline(read, quantity, {
        orderId: sale.saleId,
        reason: 'register sale',
      });
      if (!deducted.ok) throw new Error(deducted.error.message);
      const { state, log } = deducted.value;
      const known = entry.current !== undefined;
      entry.current = state;
      moves.push(log);
      if (isLowStock(state)) {
        await raiseLowStockAlert(
          tx,
          {
            type: 'lowStock',
            storeId,
            productId,
            available: state.available,
            safety: state.safety,
          },
          now,
        );
      }
      const kind = !known ? 'unknownProduct' : state.available < 0 ? 'negativeStock' : undefined;
      if (kind !== undefined) {
        reconciliations.push({
          productId,
          kind,
          available: state.available,
          orderId: sale.saleId,
          mutationId,
        });
        flags.push(
          kind === 'unknownProduct'
            ? `product.unknown: ${productId}`
            : `stock.negative: ${productId} at ${state.available}`,
        );
      }
    }
    flags.push(...(await bookSaleMemberPoints(tx, sale)));
    outcomes.set(mutationId, outcome(flags));
  }

  if (transitions.length > 0) {
    await tx.query(
      `INSERT INTO order_transition (order_id, from_status, to_status, at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[])`,
      [
        transitions.map((t) => t.orderId),
        transitions.map((t) => t.from),
        transitions.map((t) => t.to),
        transitions.map((t) => t.at),
      ],
    );
  }
  await writeStock(tx, stock, moves, now);
  if (reconciliations.length > 0) {
    await tx.query(
      `INSERT INTO stock_reconciliation (store_id, product_id, kind, available, order_id, mutation_id, at)
       SELECT $1, product_id, kind, available, order_id, mutation_id, $2
       FROM unnest($3::text[], $4::text[], $5::int4[], $6::text[], $7::text[])
         AS r (product_id, kind, available, order_id, mutation_id)`,
      [
        storeId,
        now,
        reconciliations.map((r) => r.productId),
        reconciliations.map((r) => r.kind),
        reconciliations.map((r) => r.available),
        reconciliations.map((r) => r.orderId),
        reconciliations.map((r) => r.mutationId),
      ],
    );
  }

  const results: MutationResult[] = [];
  const rows = batch.mutations.map((mutation) => {
    const result = outcomes.get(mutation.mutation_id) ?? { status: 'applied' as const };
    results.push({
      seq: mutation.seq,
      mutation_id: mutation.mutation_id,
      status: result.status,
      ...(result.reason === undefined ? {} : { reason: result.reason.slice(0, 500) }),
    });
    return { mutation, result };
  });
  await tx.query(
    `INSERT INTO sync_mutation (mutation_id, register_id, store_id, seq, type, schema_version, payload, status, reason, created_at, received_at)
     SELECT mutation_id, $1, $2, seq, type, schema_version, payload, status, reason, created_at, $3
     FROM unnest($4::text[], $5::int8[], $6::text[], $7::int4[], $8::jsonb[], $9::text[], $10::text[], $11::int8[])
       AS m (mutation_id, seq, type, schema_version, payload, status, reason, created_at)`,
    [
      registerId,
      storeId,
      now,
      rows.map((r) => r.mutation.mutation_id),
      rows.map((r) => r.mutation.seq),
      rows.map((r) => r.mutation.type),
      rows.map((r) => r.mutation.schema_version),
      rows.map((r) => JSON.stringify(r.mutation.payload ?? null)),
      rows.map((r) => r.result.status),
      rows.map((r) => r.result.reason ?? null),
      rows.map((r) => r.mutation.created_at),
    ],
  );
  return results;
}
