// One pushed batch in one transaction: the register's last_seq is locked and checked, each new
// mutation is booked by its handler and its result stored under its mutation id, repeats answer
// their stored result, and a batch that starts past last_seq + 1 is a gap. A handler that fails
// unexpectedly is rolled back to its savepoint and recorded (a sale flagged, a record rejected):
// one bad mutation never wedges the queue.
import type { MutationReading, MutationResult, MutationStatus, PushBatch } from '../../protocol';
import { MONEY_FACTS, readMutation } from '../../protocol';
import type { SqlRunner } from '../db/db';
import { PG_DEADLOCK, PG_SERIALIZATION_FAILURE, pgErrorCode } from '../db/db';
import { VersionConflict } from '../db/version-retry';
import type { MutationOutcome } from './apply-mutation';
import { applyMutation } from './apply-mutation';
import { applySaleBatch } from './apply-sale-batch';

export type PushOutcome =
  | { readonly kind: 'applied'; readonly lastSeq: number; readonly results: MutationResult[] }
  | { readonly kind: 'gap'; readonly lastSeq: number };

interface StoredResult {
  seq: number;
  status: MutationStatus;
  reason: string | null;
}

function retriable(error: unknown): boolean {
  return (
    error instanceof VersionConflict ||
    pgErrorCode(error) === PG_SERIALIZATION_FAILURE ||
    pgErrorCode(error) === PG_DEADLOCK
  );
}

/** The register's position, locked for this transaction so two pushes of one register queue up. */
async function lockLastSeq(
  tx: SqlRunner,
  registerId: string,
  storeId: string,
  now: number,
): Promise<number> {
  await tx.query(
    `INSERT INTO sync_register (register_id, store_id, last_seq, updated_at) VALUES ($1, $2, 0, $3)
     ON CONFLICT (register_id) DO NOTHING`,
    [registerId, storeId, now],
  );
  const { rows } = await tx.query<{ last_seq: number }>(
    'SELECT last_seq FROM sync_register WHERE register_id = $1 FOR UPDATE',
    [registerId],
  );
  return Number(rows[0]?.last_seq ?? 0);
}

export async function readLastSeq(tx: SqlRunner, registerId: string): Promise<number> {
  const { rows } = await tx.query<{ last_seq: number }>(
    'SELECT last_seq FROM sync_register WHERE register_id = $1',
    [registerId],
  );
  return Number(rows[0]?.last_seq ?? 0);
}

/** The set-based path, undone to its savepoint on any failure a retry would not cure. */
async function fastSaleBatch(
  tx: SqlRunner,
  input: Parameters<typeof applySaleBatch>[1],
): Promise<MutationResult[] | undefined> {
  await tx.query('SAVEPOINT push_sale_batch');
  try {
    const results = await applySaleBatch(tx, input);
    await tx.query('RELEASE SAVEPOINT push_sale_batch');
    return results;
  } catch (error) {
    if (retriable(error)) throw error;
    // One odd sale must not wedge the register: the one-by-one path flags just that sale.
    await tx.query('ROLLBACK TO SAVEPOINT push_sale_batch');
    return undefined;
  }
}

export async function applyPushBatch(
  tx: SqlRunner,
  input: Readonly<{
    batch: PushBatch;
    registerId: string;
    storeId: string;
    now: number;
    /** The payload version mutations are read at (CURRENT_READING by default). */
    reading?: MutationReading;
    onHandlerError?: (error: unknown, mutationId: string) => void;
    /** Books a batch of only new sales set-based (apply-sale-batch); off to compare the two. */
    fastSales?: boolean;
  }>,
): Promise<PushOutcome> {
  const { batch, registerId, storeId, now } = input;
  const lastSeq = await lockLastSeq(tx, registerId, storeId, now);
  if (batch.from_seq > lastSeq + 1) return { kind: 'gap', lastSeq };
  if (input.fastSales !== false && batch.mutations.every((m) => m.type === 'sale.completed')) {
    const fast = await fastSaleBatch(tx, {
      batch,
      registerId,
      storeId,
      now,
      ...(input.reading === undefined ? {} : { reading: input.reading }),
    });
    if (fast !== undefined) {
      const highest = Math.max(lastSeq, ...fast.map((r) => r.seq));
      if (highest !== lastSeq) {
        await tx.query(
          'UPDATE sync_register SET last_seq = $2, updated_at = $3 WHERE register_id = $1',
          [registerId, highest, now],
        );
      }
      return { kind: 'applied', lastSeq: highest, results: fast };
    }
  }
  const results: MutationResult[] = [];
  let highest = lastSeq;
  for (const mutation of batch.mutations) {
    const { rows } = await tx.query<StoredResult>(
      'SELECT seq, status, reason FROM sync_mutation WHERE mutation_id = $1',
      [mutation.mutation_id],
    );
    const stored = rows[0];
    if (stored !== undefined) {
      // A repeat (lost answer, duplicated request): the stored result, and nothing booked again.
      results.push({
        seq: mutation.seq,
        mutation_id: mutation.mutation_id,
        status: stored.status,
        ...(stored.reason === null ? {} : { reason: stored.reason }),
      });
      highest = Math.max(highest, mutation.seq);
      continue;
    }
    let result: MutationOutcome;
    const read = readMutation(mutation, input.reading);
    if (!read.ok) {
      result = MONEY_FACTS.has(mutation.type)
        ? { status: 'flagged', reason: `${read.error.code}: ${read.error.message}` }
        : { status: 'rejected', reason: `${read.error.code}: ${read.error.message}` };
    } else {
      await tx.query('SAVEPOINT push_mutation');
      try {
        result = await applyMutation(
          { tx, storeId, registerId, mutationId: mutation.mutation_id, now },
          read.value,
        );
        await tx.query('RELEASE SAVEPOINT push_mutation');
      } catch (error) {
        if (retriable(error)) throw error;
        await tx.query('ROLLBACK TO SAVEPOINT push_mutation');
        input.onHandlerError?.(error, mutation.mutation_id);
        const reason = `server.handlerFailed: ${error instanceof Error ? error.message : String(error)}`;
        result = MONEY_FACTS.has(mutation.type)
          ? { status: 'flagged', reason }
          : { status: 'rejected', reason };
      }
    }
    // A mutation id the server never saw at a seq it already holds means the register re-minted
    // its sequence (restored from a backup): booked all the same — a sale is never lost — and
    // the seq kept as sent.
    await tx.query(
      `INSERT INTO sync_mutation (mutation_id, register_id, store_id, seq, type, schema_version, payload, status, reason, created_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        mutation.mutation_id,
        registerId,
        storeId,
        mutation.seq,
        mutation.type,
        mutation.schema_version,
        JSON.stringify(mutation.payload ?? null),
        result.status,
        result.reason ?? null,
        mutation.created_at,
        now,
      ],
    );
    results.push({
      seq: mutation.seq,
      mutation_id: mutation.mutation_id,
      status: result.status,
      ...(result.reason === undefined ? {} : { reason: result.reason.slice(0, 500) }),
    });
    highest = Math.max(highest, mutation.seq);
  }
  if (highest !== lastSeq) {
    await tx.query(
      'UPDATE sync_register SET last_seq = $2, updated_at = $3 WHERE register_id = $1',
      [registerId, highest, now],
    );
  }
  return { kind: 'applied', lastSeq: highest, results };
}
