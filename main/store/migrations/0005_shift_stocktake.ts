// Migration 5: shifts (float, cash in and out, the Z report that closes them, gap-free Z numbers)
// with the sales and refunds taken in each, and stocktake count sessions with their book snapshot
// and counts per location; an index for the low-stock list.
import type { Migration } from './migration';

export const shiftStocktakeMigration: Migration = {
  id: 5,
  name: 'shift_stocktake',
  up: `
INSERT INTO register_counter (name, value) VALUES ('z_no', 0);

CREATE TABLE shift (
  id TEXT PRIMARY KEY,
  register_id TEXT NOT NULL,
  cashier_id TEXT NOT NULL REFERENCES staff (id),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
  opened_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  closed_at INTEGER,
  closed_by TEXT REFERENCES staff (id),
  approver_id TEXT REFERENCES staff (id),
  -- Gap-free per register (register_counter z_no), taken in the transaction that closes the shift.
  z_number INTEGER UNIQUE,
  counted_cash INTEGER CHECK (counted_cash >= 0),
  -- The Z report as printed: reprinted from this, never recomputed.
  z_report TEXT CHECK (z_report IS NULL OR json_valid(z_report)),
  CHECK ((status = 'open') = (z_number IS NULL))
);
-- One drawer, one open shift.
CREATE UNIQUE INDEX shift_one_open ON shift (register_id) WHERE status = 'open';

-- Cash into or out of the drawer that is not a sale or a refund.
CREATE TABLE shift_cash_movement (
  id TEXT PRIMARY KEY,
  shift_id TEXT NOT NULL REFERENCES shift (id),
  kind TEXT NOT NULL CHECK (kind IN ('paidIn', 'paidOut')),
  amount INTEGER NOT NULL CHECK (amount > 0),
  reason TEXT NOT NULL CHECK (reason <> ''),
  staff_id TEXT NOT NULL REFERENCES staff (id),
  approver_id TEXT REFERENCES staff (id),
  at INTEGER NOT NULL
);
CREATE INDEX shift_cash_movement_shift ON shift_cash_movement (shift_id);

-- Sales and refunds belong to the shift open when they were recorded. The link is made here, by
-- the store, so no writer of a sale or a refund can forget it or pick another shift.
ALTER TABLE sale ADD COLUMN shift_id TEXT REFERENCES shift (id);
CREATE INDEX sale_shift ON sale (shift_id);
CREATE TRIGGER sale_in_open_shift AFTER INSERT ON sale WHEN NEW.shift_id IS NULL
BEGIN
  UPDATE sale SET shift_id =
    (SELECT id FROM shift WHERE register_id = NEW.register_id AND status = 'open')
  WHERE id = NEW.id;
END;
ALTER TABLE refund ADD COLUMN shift_id TEXT REFERENCES shift (id);
CREATE INDEX refund_shift ON refund (shift_id);
CREATE TRIGGER refund_in_open_shift AFTER INSERT ON refund WHEN NEW.shift_id IS NULL
BEGIN
  UPDATE refund SET shift_id = (SELECT id FROM shift WHERE status = 'open' LIMIT 1)
  WHERE id = NEW.id;
END;

CREATE TABLE stocktake (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  -- NULL: the whole store; else only this category's products are expected and may be counted.
  category_id TEXT REFERENCES category (id),
  note TEXT,
  status TEXT NOT NULL CHECK (status IN ('open', 'posted', 'cancelled')),
  opened_by TEXT NOT NULL REFERENCES staff (id),
  opened_at INTEGER NOT NULL,
  closed_by TEXT REFERENCES staff (id),
  approver_id TEXT REFERENCES staff (id),
  closed_at INTEGER,
  CHECK ((status = 'open') = (closed_at IS NULL))
);
-- Two sessions counting the same shelves would post the same variance twice.
CREATE UNIQUE INDEX stocktake_one_open ON stocktake (store_id) WHERE status = 'open';

-- The books (total units) at opening: sales during the count must not show up as variance.
CREATE TABLE stocktake_expected (
  stocktake_id TEXT NOT NULL REFERENCES stocktake (id),
  product_id INTEGER NOT NULL REFERENCES product (id),
  total INTEGER NOT NULL,
  PRIMARY KEY (stocktake_id, product_id)
) WITHOUT ROWID;

CREATE TABLE stocktake_count (
  stocktake_id TEXT NOT NULL REFERENCES stocktake (id),
  product_id INTEGER NOT NULL REFERENCES product (id),
  location TEXT NOT NULL CHECK (location <> ''),
  counted INTEGER NOT NULL CHECK (counted >= 0),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (stocktake_id, product_id, location)
) WITHOUT ROWID;

-- The low-stock list reads only the few products at or below safety, not the whole catalog.
CREATE INDEX stock_low ON stock (product_id) WHERE available <= safety;
`,
};
