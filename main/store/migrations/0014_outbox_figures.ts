// Migration 14: the outbox's pending figures without reading payloads. The count and value of sales
// not yet synced are asked after every sale and every sync round (the status bar, the Z report);
// summing json_extract over every unacknowledged payload grew with each sale made offline. A sale's
// total now sits in its own column, and the unacknowledged rows' index covers it. Points redeemed
// offline get an index by member, so a member's total never reads the whole history.
import type { Migration } from './migration';

export const outboxFiguresMigration: Migration = {
  id: 14,
  name: 'outbox_figures',
  up: `
ALTER TABLE outbox ADD COLUMN sale_total INTEGER;
UPDATE outbox SET sale_total = json_extract(payload, '$.total') WHERE type = 'sale.completed';
-- A CHECK added by ALTER TABLE would be tested before the backfill; a trigger guards new rows.
CREATE TRIGGER outbox_sale_total BEFORE INSERT ON outbox
  WHEN (NEW.type = 'sale.completed') != (NEW.sale_total IS NOT NULL)
BEGIN
  SELECT RAISE(ABORT, 'outbox: a completed sale needs its total in sale_total, other rows none');
END;
DROP INDEX outbox_unacked;
-- acked_at (always null here) is in the index so the figures are read from it alone.
CREATE INDEX outbox_unacked ON outbox (seq, sale_total, acked_at) WHERE acked_at IS NULL;
CREATE INDEX outbox_points_redeemed ON outbox (json_extract(payload, '$.memberId'))
  WHERE type = 'points.offlineRedeemed';
`,
};
