// Migration 10: wallet payment attempts (WeChat Pay, Alipay), written before the request leaves the
// register, so a crash mid-payment leaves a row the restart asks the server about instead of a
// payment nobody knows of. The payment code is kept masked only — a check refuses anything more.
import type { Migration } from './migration';

export const walletAttemptsMigration: Migration = {
  id: 10,
  name: 'wallet_attempts',
  up: `
CREATE TABLE wallet_attempt (
  sale_id TEXT NOT NULL,
  attempt INTEGER NOT NULL CHECK (attempt >= 1),
  wallet TEXT NOT NULL CHECK (wallet IN ('wechatPay', 'alipay')),
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  -- First 2 and last 4 digits, stars between: "13************6789".
  masked_code TEXT NOT NULL CHECK (
    length(masked_code) BETWEEN 16 AND 24
    AND substr(masked_code, 1, 2) GLOB '[0-9][0-9]'
    AND substr(masked_code, -4) GLOB '[0-9][0-9][0-9][0-9]'
    AND substr(masked_code, 3, length(masked_code) - 6) NOT GLOB '*[^*]*'
  ),
  -- sending: written, the answer not known yet (a crash leaves it so); the rest as on the server.
  state TEXT NOT NULL CHECK (state IN ('sending', 'pending', 'paid', 'failed', 'reversed', 'refunded')),
  provider_transaction_id TEXT,
  failure_code TEXT,
  failure_message TEXT,
  refunded_amount INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (sale_id, attempt)
) WITHOUT ROWID;
CREATE INDEX wallet_attempt_unsettled ON wallet_attempt (created_at)
  WHERE state IN ('sending', 'pending');
`,
};
