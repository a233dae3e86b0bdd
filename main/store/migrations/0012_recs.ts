// Migration 12: the recommendation model this register answers suggestions from, as pulled from
// the central server. One row: a new model replaces it in the pull page's transaction, so the
// previous one serves until the new one is wholly in.
import type { Migration } from './migration';

export const recsMigration: Migration = {
  id: 12,
  name: 'recs',
  up: `
CREATE TABLE recs_model (
  slot INTEGER PRIMARY KEY CHECK (slot = 1),
  store_id TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  built_at INTEGER NOT NULL,
  applied_at INTEGER NOT NULL,
  -- The model as serialiseRecsModel wrote it (recs-model/1), products named by GTIN-14.
  body TEXT NOT NULL CHECK (json_valid(body))
);
`,
};
