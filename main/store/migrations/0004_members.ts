// Migration 4: the members this register may serve offline — a cache pulled from head office —
// with their point lots, the local ledger rows, and the offline redemption allowance.
import type { Migration } from './migration';

export const membersMigration: Migration = {
  id: 4,
  name: 'members',
  up: `
CREATE TABLE member (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  phone TEXT,
  card_no TEXT,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('bronze', 'silver', 'gold', 'platinum')),
  status TEXT NOT NULL CHECK (status IN ('active', 'inactive', 'suspended')),
  -- Balance as this register knows it (server balance plus what happened here since).
  points INTEGER NOT NULL,
  -- Points clawed back that no lot could cover: repaid from the next earn.
  debt INTEGER NOT NULL DEFAULT 0 CHECK (debt >= 0),
  total_spent INTEGER NOT NULL DEFAULT 0,
  currency TEXT NOT NULL DEFAULT 'CNY',
  order_count INTEGER NOT NULL DEFAULT 0,
  -- Escrow granted by head office for redemptions while offline, and what this register has
  -- redeemed against it that the server has not yet accepted.
  offline_allowance INTEGER NOT NULL DEFAULT 0 CHECK (offline_allowance >= 0),
  pending_redeemed INTEGER NOT NULL DEFAULT 0 CHECK (pending_redeemed >= 0),
  updated_at INTEGER NOT NULL
);
CREATE INDEX member_phone ON member (phone);
CREATE INDEX member_card ON member (card_no);

-- Points earned together, spent oldest-expiring first, expiring one year after earning.
CREATE TABLE member_lot (
  id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES member (id),
  points INTEGER NOT NULL CHECK (points > 0),
  remaining INTEGER NOT NULL CHECK (remaining >= 0),
  earned_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  reference TEXT NOT NULL
);
CREATE INDEX member_lot_open ON member_lot (member_id, expires_at) WHERE remaining > 0;

-- Every change of a member's points, with before and after (SPEC §4).
CREATE TABLE member_points_entry (
  id INTEGER PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES member (id),
  type TEXT NOT NULL CHECK (type IN ('earn', 'spend', 'expire', 'adjust', 'clawback')),
  points INTEGER NOT NULL,
  before INTEGER NOT NULL,
  after INTEGER NOT NULL,
  reason TEXT NOT NULL,
  reference_id TEXT NOT NULL,
  expires_at INTEGER,
  at INTEGER NOT NULL,
  flag TEXT
);
CREATE INDEX member_points_entry_member ON member_points_entry (member_id, at);
`,
};
