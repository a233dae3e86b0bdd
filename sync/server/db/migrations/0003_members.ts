// Members, their points lots and ledger rows, and level-change events.
import type { Migration } from './migration';

export const membersMigration: Migration = {
  id: 3,
  name: 'members',
  up: `
CREATE TABLE member (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  phone TEXT NOT NULL,
  card_number TEXT NOT NULL,
  name TEXT NOT NULL,
  level TEXT NOT NULL,
  points INTEGER NOT NULL,
  debt INTEGER NOT NULL DEFAULT 0,
  total_spent BIGINT NOT NULL,
  currency TEXT NOT NULL,
  order_count INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'suspended')),
  version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE points_lot (
  id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES member (id),
  points INTEGER NOT NULL,
  remaining INTEGER NOT NULL,
  earned_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  reference TEXT NOT NULL
);
CREATE INDEX points_lot_member ON points_lot (member_id);
CREATE INDEX points_lot_expiry ON points_lot (expires_at) WHERE remaining > 0;
CREATE TABLE points_entry (
  id BIGSERIAL PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES member (id),
  type TEXT NOT NULL CHECK (type IN ('earn', 'spend', 'expire', 'adjust', 'clawback')),
  points INTEGER NOT NULL,
  before INTEGER NOT NULL,
  after INTEGER NOT NULL,
  reason TEXT NOT NULL,
  reference_id TEXT NOT NULL,
  expires_at BIGINT,
  at BIGINT NOT NULL,
  lots JSONB,
  flag TEXT
);
CREATE INDEX points_entry_member ON points_entry (member_id, id);
CREATE TABLE member_event (
  id BIGSERIAL PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES member (id),
  type TEXT NOT NULL,
  from_level TEXT NOT NULL,
  to_level TEXT NOT NULL,
  at BIGINT NOT NULL
);
`,
};
