// Migration 3: refunds — by receipt or blind — with their lines and where the money went back.
import type { Migration } from './migration';

export const returnsMigration: Migration = {
  id: 3,
  name: 'returns',
  up: `
-- One refund slip. Receipt numbers come from the same gap-free counter as sales.
CREATE TABLE refund (
  id TEXT PRIMARY KEY,
  receipt_no INTEGER NOT NULL UNIQUE,
  -- NULL for a blind return (no receipt), which needed a manager's approval.
  sale_id TEXT REFERENCES sale (id),
  staff_id TEXT NOT NULL,
  approver_id TEXT,
  reason TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  cash_out INTEGER NOT NULL,
  cash_rounding INTEGER NOT NULL,
  points_back INTEGER NOT NULL DEFAULT 0,
  points_clawed_back INTEGER NOT NULL DEFAULT 0,
  restock INTEGER NOT NULL CHECK (restock IN (0, 1)),
  created_at INTEGER NOT NULL
);
CREATE INDEX refund_sale ON refund (sale_id);

CREATE TABLE refund_line (
  refund_id TEXT NOT NULL REFERENCES refund (id),
  -- The sale line returned; 1 for a blind return.
  line_no INTEGER NOT NULL,
  product_id INTEGER NOT NULL REFERENCES product (id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (refund_id, line_no)
) WITHOUT ROWID;

-- Where the money went back (app/tenders RefundLine, whole): masked card numbers only.
CREATE TABLE refund_payment (
  refund_id TEXT NOT NULL REFERENCES refund (id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cash', 'card', 'points', 'voucher', 'wallet')),
  amount INTEGER NOT NULL,
  details TEXT NOT NULL CHECK (json_valid(details)),
  PRIMARY KEY (refund_id, seq)
) WITHOUT ROWID;
`,
};
