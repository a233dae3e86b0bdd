// Orders with their transition log, the due-time rows of the unpaid-order job, and the
// transactional outbox of domain events.
import type { Migration } from './migration';

export const ordersAndOutboxMigration: Migration = {
  id: 4,
  name: 'orders_and_outbox',
  up: `
CREATE TABLE customer_order (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  member_id TEXT,
  lines JSONB NOT NULL,
  total_amount BIGINT NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  points_earned INTEGER NOT NULL,
  times JSONB NOT NULL,
  flash_sale_id TEXT,
  version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customer_order_store ON customer_order (store_id, created_at);
CREATE TABLE order_transition (
  id BIGSERIAL PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES customer_order (id),
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX order_transition_order ON order_transition (order_id, id);
CREATE TABLE order_payment_due (
  order_id TEXT PRIMARY KEY REFERENCES customer_order (id),
  due_at BIGINT NOT NULL
);
CREATE INDEX order_payment_due_at ON order_payment_due (due_at);
CREATE TABLE outbox_event (
  id BIGSERIAL PRIMARY KEY,
  type TEXT NOT NULL,
  key TEXT NOT NULL,
  payload JSONB NOT NULL,
  created_at BIGINT NOT NULL,
  dispatched_at BIGINT,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX outbox_event_pending ON outbox_event (id) WHERE dispatched_at IS NULL;
`,
};
