// What a consumer of domain events looks like to the dispatcher: a stable name (its key in the
// delivery record), the event types it takes, and a handler run inside the dispatch transaction.
import type { Result } from '../../../app/result';
import type { SqlRunner } from '../db/db';
import type { DomainEventType } from './outbox';

export interface OutboxEvent {
  /** The outbox row id: the key a consumer's idempotency record is kept under. */
  readonly id: number;
  readonly type: DomainEventType;
  /** What the event is about (an order id, store/product, member id, sale id). */
  readonly key: string;
  /** As the writer stored it; a consumer checks its shape before trusting it. */
  readonly payload: unknown;
  readonly createdAt: number;
  /** Deliveries tried before this one (0 on the first). */
  readonly attempts: number;
}

export interface OutboxConsumer {
  /** Stable across releases: deliveries are recorded under it, so renaming redelivers everything. */
  readonly name: string;
  readonly types: readonly DomainEventType[];
  /**
   * Runs in the dispatch transaction: database writes made through `tx` commit together with the
   * record that this consumer handled the event, so they happen once. Work outside the database
   * (a message sent) may repeat if the transaction then fails: at least once. An error answer or
   * a throw rolls back this consumer's writes and schedules a retry with backoff.
   */
  handle(tx: SqlRunner, event: OutboxEvent): Promise<Result<void>>;
}
