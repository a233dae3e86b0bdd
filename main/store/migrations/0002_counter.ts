// Migration 2: what the counter writes — staff and their PIN lockout, approvals, the audit log,
// open and parked carts with the stock they hold, sales with lines and payments, the stock move
// log, local promotions, and the outbox the sync client pushes from.
import type { Migration } from './migration';

export const counterMigration: Migration = {
  id: 2,
  name: 'counter',
  up: `
-- Gap-free numbers owned by this register: receipt numbers and outbox sequence. Bumped inside the
-- transaction that uses the number, so a rolled-back sale leaves no gap.
CREATE TABLE register_counter (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL CHECK (value >= 0)
);
INSERT INTO register_counter (name, value) VALUES ('receipt_no', 0), ('outbox_seq', 0);

CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager', 'admin')),
  -- scrypt$N$r$p$salt$hash: never the PIN itself.
  pin_hash TEXT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- A supervisor's or manager's sign-off for one action, used once, valid for a short while.
CREATE TABLE approval (
  id TEXT PRIMARY KEY,
  permission TEXT NOT NULL,
  approver_id TEXT NOT NULL REFERENCES staff (id),
  requested_by TEXT NOT NULL REFERENCES staff (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

-- Every sensitive action, who did it and when; never updated or deleted.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  staff_id TEXT,
  action TEXT NOT NULL,
  subject TEXT,
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
);
CREATE INDEX audit_log_at ON audit_log (at);

-- The cart in progress (and parked ones), saved after every change so a crash loses no scan.
CREATE TABLE cart (
  cart_id TEXT PRIMARY KEY,
  state TEXT NOT NULL CHECK (json_valid(state)),
  status TEXT NOT NULL CHECK (status IN ('open', 'parked')),
  opened_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  parked_at INTEGER
);

-- Stock each cart holds locked (SPEC: locked at order creation, deducted at payment, released at
-- cancellation). One row per cart and product; the stock table carries the sums.
CREATE TABLE stock_lock (
  cart_id TEXT NOT NULL REFERENCES cart (cart_id) ON DELETE CASCADE,
  product_id INTEGER NOT NULL REFERENCES product (id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (cart_id, product_id)
) WITHOUT ROWID;

-- The log of every stock change: in / out / lock / unlock / adjust with before and after.
CREATE TABLE stock_move (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES product (id),
  type TEXT NOT NULL CHECK (type IN ('in', 'out', 'lock', 'unlock', 'adjust')),
  quantity INTEGER NOT NULL,
  figure TEXT NOT NULL CHECK (figure IN ('total', 'available', 'locked')),
  before INTEGER NOT NULL,
  after INTEGER NOT NULL,
  order_id TEXT,
  reason TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX stock_move_product ON stock_move (product_id, at);
CREATE INDEX stock_move_order ON stock_move (order_id);

-- Promotions the register prices with; head office owns them (server wins), pulled by sync.
CREATE TABLE promotion (
  id TEXT PRIMARY KEY,
  definition TEXT NOT NULL CHECK (json_valid(definition)),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL
);

-- A completed (paid) sale. Ids are minted here (UUIDv7) so the server can never double it.
CREATE TABLE sale (
  id TEXT PRIMARY KEY,
  receipt_no INTEGER NOT NULL UNIQUE,
  register_id TEXT NOT NULL,
  store_id TEXT NOT NULL,
  status TEXT NOT NULL,
  cashier_id TEXT NOT NULL,
  member_id TEXT,
  currency TEXT NOT NULL,
  subtotal INTEGER NOT NULL,
  discount_total INTEGER NOT NULL,
  tax_total INTEGER NOT NULL,
  total INTEGER NOT NULL,
  cash_rounding INTEGER NOT NULL DEFAULT 0,
  paid INTEGER NOT NULL,
  change_given INTEGER NOT NULL DEFAULT 0,
  points_earned INTEGER NOT NULL DEFAULT 0,
  -- The priced cart as the receipt shows it (lines, promotions, tax by rate): a receipt is
  -- reprinted from this, never re-priced.
  receipt TEXT NOT NULL CHECK (json_valid(receipt)),
  opened_at INTEGER NOT NULL,
  completed_at INTEGER NOT NULL
);
CREATE INDEX sale_completed_at ON sale (completed_at);

CREATE TABLE sale_line (
  sale_id TEXT NOT NULL REFERENCES sale (id),
  line_no INTEGER NOT NULL,
  line_id TEXT NOT NULL,
  product_id INTEGER NOT NULL REFERENCES product (id),
  gtin14 TEXT NOT NULL,
  name TEXT NOT NULL,
  -- Units, or grams for products sold by weight.
  quantity INTEGER NOT NULL,
  sold_by TEXT NOT NULL CHECK (sold_by IN ('each', 'weight')),
  unit_price INTEGER NOT NULL,
  gross INTEGER NOT NULL,
  discount INTEGER NOT NULL,
  net INTEGER NOT NULL,
  tax_rate_bp INTEGER NOT NULL,
  PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

-- How it was paid. Cards appear only as a masked PAN (first 6 / last 4) and the terminal's token.
CREATE TABLE sale_payment (
  sale_id TEXT NOT NULL REFERENCES sale (id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cash', 'card', 'points', 'voucher', 'wallet')),
  amount INTEGER NOT NULL,
  details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  PRIMARY KEY (sale_id, seq)
) WITHOUT ROWID;

-- Everything the central server must learn of, written in the same transaction as the rows it
-- describes. seq is contiguous (from register_counter); rows are kept after the server acknowledges
-- them, so the sequence never restarts.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,
  register_id TEXT NOT NULL,
  mutation_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  schema_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  acked_at INTEGER
);
CREATE INDEX outbox_unacked ON outbox (seq) WHERE acked_at IS NULL;
`,
};
