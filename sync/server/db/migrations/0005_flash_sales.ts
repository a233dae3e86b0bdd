// Flash sales and their reservations; a reservation row is also the outbox entry that asks for
// its order (order_id still null), and its expires_at is the due time of the expiry job.
import type { Migration } from './migration';

export const flashSalesMigration: Migration = {
  id: 5,
  name: 'flash_sales',
  up: `
CREATE TABLE flash_sale (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL,
  store_id TEXT NOT NULL REFERENCES store (id),
  price_amount BIGINT NOT NULL CHECK (price_amount >= 0),
  currency TEXT NOT NULL,
  total_stock INTEGER NOT NULL CHECK (total_stock > 0),
  per_member_limit INTEGER NOT NULL CHECK (per_member_limit > 0),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'completed', 'cancelled')),
  created_at BIGINT NOT NULL,
  CHECK (starts_at < ends_at)
);
CREATE TABLE flash_reservation (
  id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES flash_sale (id),
  member_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  status TEXT NOT NULL CHECK (status IN ('reserved', 'paid', 'expired')),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  order_id TEXT,
  paid_at BIGINT
);
CREATE INDEX flash_reservation_due ON flash_reservation (expires_at) WHERE status = 'reserved';
CREATE INDEX flash_reservation_unordered ON flash_reservation (created_at) WHERE order_id IS NULL;
CREATE INDEX flash_reservation_member ON flash_reservation (sale_id, member_id);
`,
};
