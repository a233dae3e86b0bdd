// Stock per product per store with a version for optimistic concurrency, its move log, and
// low-stock alerts.
import type { Migration } from './migration';

export const inventoryMigration: Migration = {
  id: 2,
  name: 'inventory',
  up: `
CREATE TABLE stock_level (
  store_id TEXT NOT NULL REFERENCES store (id),
  product_id TEXT NOT NULL,
  total INTEGER NOT NULL,
  available INTEGER NOT NULL,
  locked INTEGER NOT NULL CHECK (locked >= 0),
  safety INTEGER NOT NULL CHECK (safety >= 0),
  version INTEGER NOT NULL,
  PRIMARY KEY (store_id, product_id),
  CHECK (total = available + locked)
);
CREATE TABLE stock_move (
  id BIGSERIAL PRIMARY KEY,
  store_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('in', 'out', 'lock', 'unlock', 'adjust')),
  quantity INTEGER NOT NULL,
  figure TEXT NOT NULL,
  before INTEGER NOT NULL,
  after INTEGER NOT NULL,
  order_id TEXT,
  reason TEXT,
  at BIGINT NOT NULL
);
CREATE INDEX stock_move_product ON stock_move (store_id, product_id, id);
CREATE TABLE stock_alert (
  id BIGSERIAL PRIMARY KEY,
  store_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  available INTEGER NOT NULL,
  safety INTEGER NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX stock_alert_store ON stock_alert (store_id, id);
`,
};
