// The server's transactional outbox: a domain event is written in the same transaction as the
// change it reports, so it exists exactly when the change does; the dispatcher delivers it later.
import type { SqlRunner } from '../db/db';

export const DOMAIN_EVENT_TYPES = [
  'orderCreated',
  'orderStatusChanged',
  'memberLevelChanged',
  'lowStock',
  'flashSaleSoldOut',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

export async function enqueueEvent(
  tx: SqlRunner,
  event: Readonly<{ type: DomainEventType; key: string; payload: object; at: number }>,
): Promise<void> {
  await tx.query(
    'INSERT INTO outbox_event (type, key, payload, created_at) VALUES ($1, $2, $3, $4)',
    [event.type, event.key, JSON.stringify(event.payload), event.at],
  );
}
