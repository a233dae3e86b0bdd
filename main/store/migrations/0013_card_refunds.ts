// Migration 13: card refunds asked of the terminal — kept as pending before the REFUND is sent,
// like a card payment, so a crash or a lost answer is settled by asking the terminal (STATUS)
// and the card is never refunded twice, nor refunded and then paid out again in cash.
import type { Migration } from './migration';

export const cardRefundsMigration: Migration = {
  id: 13,
  name: 'card_refunds',
  up: `
CREATE TABLE card_refund_attempt (
  -- The terminal request id: the terminal refunds a given id at most once.
  id TEXT PRIMARY KEY CHECK (id NOT GLOB '*[^A-Za-z0-9-]*' AND length(id) BETWEEN 1 AND 40),
  sale_id TEXT NOT NULL,
  -- Which of the sale's tenders it gives back (its position among the sale's payments).
  original_index INTEGER NOT NULL CHECK (original_index >= 0),
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  original_ref TEXT NOT NULL,
  -- pending: sent (or about to be), outcome not known · approved: the card was refunded ·
  -- declined / notReceived: nothing moved.
  state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'declined', 'notReceived')),
  -- The refund that recorded it; null while an approved refund still waits to be recorded.
  refund_id TEXT,
  started_at INTEGER NOT NULL,
  settled_at INTEGER,
  -- Masked PAN, auth code and terminal reference only, never a whole number.
  outcome TEXT CHECK (outcome IS NULL OR json_valid(outcome))
);
CREATE INDEX card_refund_attempt_open ON card_refund_attempt (sale_id) WHERE refund_id IS NULL;
`,
};
