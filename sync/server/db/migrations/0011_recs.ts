// Recommendation models built on the server per store, versioned, and the change cursor that the
// `recommendations` pull stream serves them by; plus the index the build job reads a store's
// pushed sales through.
import type { Migration } from './migration';

export const recsMigration: Migration = {
  id: 11,
  name: 'recs',
  up: `
-- The last cursor handed out to a model. The UPDATE … RETURNING lock holds until commit, so a
-- register reading "after N" never skips a model that commits later with a cursor below N.
CREATE TABLE recs_stream (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_cursor BIGINT NOT NULL DEFAULT 0 CHECK (last_cursor >= 0)
);
INSERT INTO recs_stream (id) VALUES (1);

-- A store's models, newest by version; the job keeps the last few and drops older ones.
CREATE TABLE recs_model (
  store_id TEXT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1),
  change_cursor BIGINT NOT NULL UNIQUE,
  built_at BIGINT NOT NULL,
  -- Booked sales the build read: a store whose count has not grown since is not rebuilt (arrival
  -- times can tie, a count of rows that are never deleted cannot).
  sales_read BIGINT NOT NULL CHECK (sales_read >= 0),
  baskets INTEGER NOT NULL CHECK (baskets >= 0),
  entries INTEGER NOT NULL CHECK (entries >= 0),
  bytes INTEGER NOT NULL CHECK (bytes >= 0),
  -- The model as serialiseRecsModel wrote it (format recs-model/1), products named by GTIN-14.
  body TEXT NOT NULL,
  PRIMARY KEY (store_id, version)
);
CREATE INDEX recs_model_cursor ON recs_model (store_id, change_cursor);

-- The build reads a store's pushed sales (their lines carry GTIN-14s) in pages by arrival.
CREATE INDEX sync_mutation_store_sales ON sync_mutation (store_id, received_at, mutation_id)
  WHERE type = 'sale.completed';
`,
};
