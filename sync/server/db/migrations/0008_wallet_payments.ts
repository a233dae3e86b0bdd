// Wallet payments (WeChat Pay, Alipay) the server made for registers: one row per attempt, keyed by
// the merchant order number the provider knows it by, with its state and the provider's
// transaction id; refunds beside it. The payment code is kept masked only — a check refuses more.
import type { Migration } from './migration';

export const walletPaymentsMigration: Migration = {
  id: 8,
  name: 'wallet_payments',
  up: `
CREATE TABLE wallet_payment (
  -- The merchant order number (out_trade_no), derived from store, sale and attempt.
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL,
  register_id TEXT NOT NULL,
  sale_id TEXT NOT NULL,
  attempt INTEGER NOT NULL CHECK (attempt >= 1),
  wallet TEXT NOT NULL CHECK (wallet IN ('wechatPay', 'alipay')),
  amount BIGINT NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  masked_code TEXT NOT NULL CHECK (masked_code ~ '^[0-9]{2}[*]{10,18}[0-9]{4}$'),
  state TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'failed', 'reversed', 'refunded')),
  provider_transaction_id TEXT,
  failure_code TEXT,
  failure_message TEXT,
  refunded_amount BIGINT NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (store_id, sale_id, attempt)
);
CREATE INDEX wallet_payment_pending ON wallet_payment (created_at) WHERE state = 'pending';
CREATE INDEX wallet_payment_day ON wallet_payment (created_at);
CREATE TABLE wallet_refund (
  -- The merchant refund number (out_refund_no), derived from the payment and the register's id.
  id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES wallet_payment (id),
  refund_key TEXT NOT NULL,
  amount BIGINT NOT NULL CHECK (amount > 0),
  state TEXT NOT NULL CHECK (state IN ('pending', 'refunded', 'failed')),
  provider_refund_id TEXT,
  failure_code TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (payment_id, refund_key)
);
-- Every change of state, so a support call can replay what happened to a payment.
CREATE TABLE wallet_payment_event (
  id BIGSERIAL PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES wallet_payment (id),
  from_state TEXT,
  to_state TEXT NOT NULL,
  detail TEXT,
  at BIGINT NOT NULL
);
CREATE INDEX wallet_payment_event_payment ON wallet_payment_event (payment_id, id);
`,
};
