// The push side of sync: each register's last_seq, every mutation received with its stored result
// (so a repeat answers the same), refunds from registers, and stock reconciliation items.
import type { Migration } from './migration';

export const syncPushMigration: Migration = {
  id: 6,
  name: 'sync_push',
  up: `
CREATE TABLE sync_register (
  register_id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  last_seq BIGINT NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  updated_at BIGINT NOT NULL
);
-- One row per mutation received, keyed by the id the register minted: its result is answered
-- again, unchanged, whenever the register repeats it.
CREATE TABLE sync_mutation (
  mutation_id TEXT PRIMARY KEY,
  register_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  payload JSONB NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('applied', 'duplicate', 'rejected', 'flagged')),
  reason TEXT,
  created_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX sync_mutation_register ON sync_mutation (register_id, seq);
CREATE INDEX sync_mutation_attention ON sync_mutation (received_at)
  WHERE status IN ('rejected', 'flagged');
CREATE TABLE register_refund (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  register_id TEXT NOT NULL,
  sale_id TEXT,
  amount BIGINT NOT NULL,
  restock BOOLEAN NOT NULL,
  lines JSONB NOT NULL,
  created_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX register_refund_sale ON register_refund (sale_id);
-- Stock that went below zero (two registers sold the last unit offline) or a product the server
-- had no record of: a person reconciles it.
CREATE TABLE stock_reconciliation (
  id BIGSERIAL PRIMARY KEY,
  store_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('negativeStock', 'unknownProduct')),
  available INTEGER NOT NULL,
  order_id TEXT,
  mutation_id TEXT NOT NULL,
  at BIGINT NOT NULL,
  resolved_at BIGINT
);
CREATE INDEX stock_reconciliation_open ON stock_reconciliation (store_id, id)
  WHERE resolved_at IS NULL;
`,
};
