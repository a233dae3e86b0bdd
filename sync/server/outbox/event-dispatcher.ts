// Delivers outbox events to the consumers that take their type. Due rows are claimed with
// FOR UPDATE SKIP LOCKED, so two server instances never hold one event at once; each consumer's
// handling commits with a delivery record keyed by (consumer, event id), so a redelivered event
// skips the consumers that already took it. A consumer that fails is rolled back to its
// savepoint and the event is tried again after a growing pause; the others keep their delivery.
// At least once overall, once per consumer for what it writes to the database.
import { err } from '../../../app/result';
import type { Result } from '../../../app/result';
import type { Db, SqlRunner } from '../db/db';
import { DOMAIN_EVENT_TYPES } from './outbox';
import type { DomainEventType } from './outbox';
import type { OutboxConsumer, OutboxEvent } from './outbox-consumer';

/** What the metrics learn from each run; called after the commit, so it counts what stuck. */
export interface DispatchObserver {
  delivered(type: string, lagMs: number): void;
  failed(type: string, consumer: string): void;
}

export interface DispatchRun {
  /** Events every consumer has now handled. */
  readonly delivered: number;
  /** Events with at least one consumer that failed; each is due again after its backoff. */
  readonly failed: number;
}

export interface OutboxLag {
  /** Events not yet delivered to every consumer. */
  readonly pending: number;
  /** Of those, events that failed at least once. */
  readonly failing: number;
  /** Age of the oldest undelivered event at the clock's now; 0 when none wait. */
  readonly lagMs: number;
}

export interface EventDispatcher {
  /** Delivers every due event, batch after batch; returns what this run did. */
  readonly runOnce: () => Promise<DispatchRun>;
  readonly lag: () => Promise<OutboxLag>;
}

/** The pause before try n + 1 after n failures: 1 s, 2 s, 4 s … at most 5 minutes. */
export function retryDelayMs(failures: number): number {
  return Math.min(1000 * 2 ** Math.max(0, failures - 1), 5 * 60 * 1000);
}

interface EventRow {
  id: number;
  type: string;
  key: string;
  payload: unknown;
  created_at: number;
  attempts: number;
}

interface Failure {
  readonly id: number;
  readonly type: string;
  readonly attempts: number;
  readonly consumers: readonly string[];
  readonly error: string;
}

function isDomainEventType(type: string): type is DomainEventType {
  return (DOMAIN_EVENT_TYPES as readonly string[]).includes(type);
}

async function handleSafely(
  consumer: OutboxConsumer,
  tx: SqlRunner,
  event: OutboxEvent,
): Promise<Result<void>> {
  try {
    return await consumer.handle(tx, event);
  } catch (error) {
    return err('consumer.failed', error instanceof Error ? error.message : String(error));
  }
}

export function createEventDispatcher(
  options: Readonly<{
    db: Db;
    clock: () => number;
    consumers: readonly OutboxConsumer[];
    observer?: DispatchObserver;
    batchSize?: number;
  }>,
): EventDispatcher {
  const batchSize = options.batchSize ?? 200;
  const names = new Set<string>();
  for (const consumer of options.consumers) {
    // Two consumers under one name would share delivery records and hide each other's work.
    if (names.has(consumer.name)) throw new Error(`Two outbox consumers named ${consumer.name}`);
    names.add(consumer.name);
  }
  const consumersOf = (type: string): readonly OutboxConsumer[] =>
    options.consumers.filter((c) => (c.types as readonly string[]).includes(type));

  async function dispatchBatch(
    tx: SqlRunner,
    now: number,
  ): Promise<{ rows: readonly EventRow[]; failures: readonly Failure[] }> {
    const { rows } = await tx.query<EventRow>(
      `SELECT id, type, key, payload, created_at, attempts FROM outbox_event
       WHERE dispatched_at IS NULL AND next_attempt_at <= $1
       ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, batchSize],
    );
    if (rows.length === 0) return { rows, failures: [] };
    const ids = rows.map((r) => r.id);
    const done = await tx.query<{ consumer: string; event_id: number }>(
      'SELECT consumer, event_id FROM outbox_delivery WHERE event_id = ANY($1::int8[])',
      [ids],
    );
    const handled = new Set(done.rows.map((d) => `${d.consumer}\u0000${d.event_id}`));
    const delivered: number[] = [];
    const failures: Failure[] = [];
    for (const row of rows) {
      const failedConsumers: string[] = [];
      const errors: string[] = [];
      // A type this build does not know has no consumers here: nothing waits for it.
      const consumers = isDomainEventType(row.type) ? consumersOf(row.type) : [];
      for (const consumer of consumers) {
        if (handled.has(`${consumer.name}\u0000${row.id}`)) continue;
        const event: OutboxEvent = {
          id: row.id,
          type: row.type as DomainEventType,
          key: row.key,
          payload: row.payload,
          createdAt: row.created_at,
          attempts: row.attempts,
        };
        await tx.query('SAVEPOINT outbox_consumer');
        const outcome = await handleSafely(consumer, tx, event);
        if (outcome.ok) {
          await tx.query(
            'INSERT INTO outbox_delivery (consumer, event_id, delivered_at) VALUES ($1, $2, $3)',
            [consumer.name, row.id, now],
          );
          await tx.query('RELEASE SAVEPOINT outbox_consumer');
        } else {
          await tx.query('ROLLBACK TO SAVEPOINT outbox_consumer');
          failedConsumers.push(consumer.name);
          errors.push(`${consumer.name}: ${outcome.error.code}: ${outcome.error.message}`);
        }
      }
      if (failedConsumers.length === 0) delivered.push(row.id);
      else
        failures.push({
          id: row.id,
          type: row.type,
          attempts: row.attempts + 1,
          consumers: failedConsumers,
          error: errors.join('; ').slice(0, 1000),
        });
    }
    if (delivered.length > 0) {
      await tx.query(
        'UPDATE outbox_event SET dispatched_at = $2, attempts = attempts + 1 WHERE id = ANY($1::int8[])',
        [delivered, now],
      );
    }
    for (const failure of failures) {
      await tx.query(
        'UPDATE outbox_event SET attempts = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1',
        [failure.id, failure.attempts, failure.error, now + retryDelayMs(failure.attempts)],
      );
    }
    return { rows, failures };
  }

  return {
    async runOnce() {
      let delivered = 0;
      let failed = 0;
      for (;;) {
        const now = options.clock();
        const batch = await options.db.transaction((tx) => dispatchBatch(tx, now));
        const failedIds = new Set(batch.failures.map((f) => f.id));
        for (const row of batch.rows) {
          if (!failedIds.has(row.id)) options.observer?.delivered(row.type, now - row.created_at);
        }
        for (const failure of batch.failures) {
          for (const consumer of failure.consumers)
            options.observer?.failed(failure.type, consumer);
        }
        delivered += batch.rows.length - batch.failures.length;
        failed += batch.failures.length;
        if (batch.rows.length < batchSize) break;
      }
      return { delivered, failed };
    },
    async lag() {
      const { rows } = await options.db.query<{
        pending: number;
        failing: number;
        oldest: number | null;
      }>(
        `SELECT count(*)::int8 AS pending, count(*) FILTER (WHERE attempts > 0)::int8 AS failing,
                min(created_at) AS oldest
         FROM outbox_event WHERE dispatched_at IS NULL`,
      );
      const row = rows[0];
      const oldest = row?.oldest ?? null;
      return {
        pending: Number(row?.pending ?? 0),
        failing: Number(row?.failing ?? 0),
        lagMs: oldest === null ? 0 : Math.max(0, options.clock() - Number(oldest)),
      };
    },
  };
}
