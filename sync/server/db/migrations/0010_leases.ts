// Escrow for offline selling: flash-sale leases (units set aside for one register until expiry),
// the sales posted against them, and points allowances (a hold on a member's points for one
// register) with the offline redemptions debited from them.
import type { Migration } from './migration';

export const leasesMigration: Migration = {
  id: 10,
  name: 'leases',
  up: `
CREATE TABLE flash_lease (
  id TEXT PRIMARY KEY,
  sale_id TEXT NOT NULL REFERENCES flash_sale (id),
  register_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  granted INTEGER NOT NULL CHECK (granted >= 0),
  sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
  returned INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0),
  -- At a return, units the register said it sold that the server had not yet seen: held back so
  -- those sales, still in the outbox, find their units when they arrive.
  in_transit INTEGER NOT NULL DEFAULT 0 CHECK (in_transit >= 0),
  status TEXT NOT NULL CHECK (status IN ('open', 'returned', 'expired')),
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  closed_at BIGINT,
  CHECK (sold + returned <= granted)
);
-- At most one open lease per register and sale: a refill tops it up.
CREATE UNIQUE INDEX flash_lease_open ON flash_lease (sale_id, register_id) WHERE status = 'open';
CREATE INDEX flash_lease_due ON flash_lease (expires_at) WHERE status = 'open';
CREATE INDEX flash_lease_sale_units ON flash_lease (sale_id);

-- Each sale posted against a lease, once. A late one (its units already given back) waits for the
-- lease job to take its units from the sale's counter again: covered, or oversold for a person.
CREATE TABLE flash_lease_sale (
  lease_id TEXT NOT NULL,
  register_sale_id TEXT NOT NULL,
  flash_sale_id TEXT NOT NULL,
  register_id TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  late_units INTEGER NOT NULL DEFAULT 0 CHECK (late_units >= 0),
  settlement TEXT NOT NULL CHECK (settlement IN ('leased', 'waiting', 'covered', 'oversold')),
  flag TEXT,
  mutation_id TEXT NOT NULL,
  sold_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  settled_at BIGINT,
  PRIMARY KEY (lease_id, register_sale_id)
);
CREATE INDEX flash_lease_sale_waiting ON flash_lease_sale (received_at) WHERE settlement = 'waiting';
CREATE INDEX flash_lease_sale_flash ON flash_lease_sale (flash_sale_id);

-- A hold on a member's points for offline redemption at one register: granted − used is set
-- aside, so the allowances never promise more than the balance had when they were granted.
CREATE TABLE points_allowance (
  id TEXT PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES member (id),
  register_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  granted INTEGER NOT NULL CHECK (granted >= 0),
  used INTEGER NOT NULL DEFAULT 0 CHECK (used >= 0),
  granted_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (used <= granted),
  UNIQUE (member_id, register_id)
);
CREATE TABLE points_allowance_use (
  register_sale_id TEXT PRIMARY KEY,
  allowance_id TEXT,
  member_id TEXT NOT NULL,
  register_id TEXT NOT NULL,
  points INTEGER NOT NULL CHECK (points > 0),
  -- Points the hold covered, and the negative balance written off by an adjust entry.
  from_hold INTEGER NOT NULL CHECK (from_hold >= 0),
  residue INTEGER NOT NULL CHECK (residue >= 0),
  mutation_id TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX points_allowance_use_member ON points_allowance_use (member_id);
`,
};
