// Migration 15: wallet attempts paid by the store's QR (the merchant-presented code, shown on the
// customer display when the customer's own code cannot be scanned). Such an attempt has no
// customer code; it keeps the QR the server sent and when it stops being offered. SQLite cannot
// loosen a column's NOT NULL in place, so the table is rebuilt with its rows.
import type { Migration } from './migration';

export const walletQrMigration: Migration = {
  id: 15,
  name: 'wallet_qr',
  up: `
CREATE TABLE wallet_attempt_next (
  sale_id TEXT NOT NULL,
  attempt INTEGER NOT NULL CHECK (attempt >= 1),
  wallet TEXT NOT NULL CHECK (wallet IN ('wechatPay', 'alipay')),
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  -- code: the customer's payment code scanned here; qr: the customer scanned the store's QR.
  kind TEXT NOT NULL DEFAULT 'code' CHECK (kind IN ('code', 'qr')),
  -- First 2 and last 4 digits, stars between: "13************6789". Null for a QR payment.
  masked_code TEXT CHECK (
    masked_code IS NULL OR (
      length(masked_code) BETWEEN 16 AND 24
      AND substr(masked_code, 1, 2) GLOB '[0-9][0-9]'
      AND substr(masked_code, -4) GLOB '[0-9][0-9][0-9][0-9]'
      AND substr(masked_code, 3, length(masked_code) - 6) NOT GLOB '*[^*]*'
    )
  ),
  qr_content TEXT,
  qr_expires_at INTEGER,
  state TEXT NOT NULL CHECK (state IN ('sending', 'pending', 'paid', 'failed', 'reversed', 'refunded')),
  provider_transaction_id TEXT,
  failure_code TEXT,
  failure_message TEXT,
  refunded_amount INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (sale_id, attempt),
  CHECK ((kind = 'code') = (masked_code IS NOT NULL)),
  CHECK (kind = 'qr' OR (qr_content IS NULL AND qr_expires_at IS NULL))
) WITHOUT ROWID;
INSERT INTO wallet_attempt_next (sale_id, attempt, wallet, amount, currency, kind, masked_code,
    state, provider_transaction_id, failure_code, failure_message, refunded_amount, created_at,
    updated_at)
  SELECT sale_id, attempt, wallet, amount, currency, 'code', masked_code, state,
    provider_transaction_id, failure_code, failure_message, refunded_amount, created_at, updated_at
  FROM wallet_attempt;
DROP TABLE wallet_attempt;
ALTER TABLE wallet_attempt_next RENAME TO wallet_attempt;
CREATE INDEX wallet_attempt_unsettled ON wallet_attempt (created_at)
  WHERE state IN ('sending', 'pending');
`,
};
