// Migration 8: card attempts — a card payment is recorded as pending before the terminal is asked
// to charge, so a crash between the charge and the tender being saved is settled on restart by
// asking the terminal (STATUS) instead of charging again or forgetting money that moved.
import type { Migration } from './migration';

export const cardAttemptsMigration: Migration = {
  id: 8,
  name: 'card_attempts',
  up: `
CREATE TABLE card_attempt (
  -- The terminal request id: the idempotency key the terminal charges at most once.
  id TEXT PRIMARY KEY CHECK (id NOT GLOB '*[^A-Za-z0-9-]*' AND length(id) BETWEEN 1 AND 40),
  cart_id TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  -- pending: sent (or about to be), outcome not known · approved: on the cart as a card tender ·
  -- declined / notReceived: nothing charged · cancelled: the cashier cancelled, nothing charged ·
  -- reversed: charged, then voided on the terminal because the cashier had cancelled.
  state TEXT NOT NULL CHECK (state IN
    ('pending', 'approved', 'declined', 'notReceived', 'cancelled', 'reversed')),
  cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
  started_at INTEGER NOT NULL,
  settled_at INTEGER,
  -- What the terminal answered: masked PAN, auth code and reference only, never a whole number.
  outcome TEXT CHECK (outcome IS NULL OR json_valid(outcome))
);
-- One open card payment per cart: a second charge for the same cart waits for the first.
CREATE UNIQUE INDEX card_attempt_one_pending ON card_attempt (cart_id) WHERE state = 'pending';
`,
};
