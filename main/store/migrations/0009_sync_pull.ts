// Migration 9: the pull side of sync — where each stream stands, a first-sync snapshot in progress,
// entries that arrived before what they refer to, and products the server has no price for here.
import type { Migration } from './migration';

export const syncPullMigration: Migration = {
  id: 9,
  name: 'sync_pull',
  up: `
-- The server cursor each stream is applied through; written in the transaction that applies a
-- batch, so a crash can never leave rows applied and the cursor behind (or the reverse).
CREATE TABLE sync_pull_cursor (
  stream TEXT PRIMARY KEY,
  cursor INTEGER NOT NULL CHECK (cursor >= 0),
  updated_at INTEGER NOT NULL
);

-- A first-sync snapshot being applied: products with cursors up to applied_through are in; a
-- restart resumes after it, up to until_cursor; prices are pulled from prices_cursor afterwards.
CREATE TABLE sync_snapshot (
  stream TEXT PRIMARY KEY,
  until_cursor INTEGER NOT NULL CHECK (until_cursor >= 0),
  prices_cursor INTEGER NOT NULL CHECK (prices_cursor >= 0),
  applied_through INTEGER NOT NULL CHECK (applied_through >= 0),
  total INTEGER NOT NULL,
  applied INTEGER NOT NULL DEFAULT 0,
  started_at INTEGER NOT NULL
);

-- Entries that came before what they refer to (a price for a product not pulled yet, a product
-- whose tax class comes later in the stream): kept, and applied when that arrives.
CREATE TABLE sync_parked_entry (
  stream TEXT NOT NULL,
  key TEXT NOT NULL,
  waits_for TEXT NOT NULL,
  entry TEXT NOT NULL CHECK (json_valid(entry)),
  PRIMARY KEY (stream, key)
) WITHOUT ROWID;
CREATE INDEX sync_parked_entry_waits ON sync_parked_entry (waits_for);

-- Products the server lists but has no price for at this store: not for sale here (active = 0)
-- until a price arrives; server_active is what the server says, restored then.
CREATE TABLE product_unpriced (
  product_id INTEGER PRIMARY KEY REFERENCES product (id) ON DELETE CASCADE,
  server_active INTEGER NOT NULL CHECK (server_active IN (0, 1))
);
`,
};
