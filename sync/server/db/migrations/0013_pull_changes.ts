// The change log behind the `members` and `stock` pull streams: the cursor of each member's and
// each store product's last change, written by the database itself whenever a member, a points lot
// or a stock level is written, so no writer (push handlers, jobs, routes, tests) can forget it.
import type { Migration } from './migration';

export const pullChangesMigration: Migration = {
  id: 13,
  name: 'pull_changes',
  up: `
-- The last cursor handed out to either stream (one counter: cursors are unique across both, and
-- each stream sees harmless gaps). Upserted, not just updated, so an emptied table restarts it.
CREATE TABLE pull_change_counter (
  id BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
  last_cursor BIGINT NOT NULL CHECK (last_cursor >= 0)
);

-- One row per key, moved to a new cursor at each change: a change log compacted per key.
-- members: scope '' (members are chain-wide), key the member id. stock: scope the store id, key
-- the product id the stock books use.
CREATE TABLE pull_change (
  stream TEXT NOT NULL CHECK (stream IN ('members', 'stock')),
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  change_cursor BIGINT NOT NULL UNIQUE,
  PRIMARY KEY (stream, scope, key)
);
CREATE INDEX pull_change_read ON pull_change (stream, scope, change_cursor);

-- Takes the next cursor for a key. The counter row stays locked until the transaction commits, so
-- cursors become visible in the order they were handed out and a register that read "after N"
-- never misses a change committed later below N (as catalog_stream does for the catalog).
CREATE FUNCTION note_pull_change(change_stream TEXT, change_scope TEXT, change_key TEXT)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  next_cursor BIGINT;
BEGIN
  INSERT INTO pull_change_counter (id, last_cursor) VALUES (true, 1)
    ON CONFLICT (id) DO UPDATE SET last_cursor = pull_change_counter.last_cursor + 1
    RETURNING last_cursor INTO next_cursor;
  INSERT INTO pull_change (stream, scope, key, change_cursor)
    VALUES (change_stream, change_scope, change_key, next_cursor)
    ON CONFLICT (stream, scope, key) DO UPDATE SET change_cursor = EXCLUDED.change_cursor;
END $$;

CREATE FUNCTION member_pull_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM note_pull_change('members', '', NEW.id);
  RETURN NULL;
END $$;

CREATE FUNCTION points_lot_pull_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM note_pull_change('members', '', NEW.member_id);
  RETURN NULL;
END $$;

CREATE FUNCTION stock_level_pull_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM note_pull_change('stock', NEW.store_id, NEW.product_id);
  RETURN NULL;
END $$;

-- Deferred to the commit: the counter is locked only for the moment of the commit, not from a
-- push batch's first member sale to its end (which would queue every register of the chain
-- behind it), and every transaction takes it at the same point, so none can deadlock on it.
CREATE CONSTRAINT TRIGGER member_pull_change AFTER INSERT OR UPDATE ON member
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION member_pull_change();
CREATE CONSTRAINT TRIGGER points_lot_pull_change AFTER INSERT OR UPDATE ON points_lot
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION points_lot_pull_change();
CREATE CONSTRAINT TRIGGER stock_level_pull_change AFTER INSERT OR UPDATE ON stock_level
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stock_level_pull_change();

-- What is already there gets a first cursor, so registers pulling from 0 receive it all.
INSERT INTO pull_change (stream, scope, key, change_cursor)
  SELECT 'members', '', id, row_number() OVER (ORDER BY id) FROM member;
INSERT INTO pull_change (stream, scope, key, change_cursor)
  SELECT 'stock', store_id, product_id,
         (SELECT count(*) FROM member) + row_number() OVER (ORDER BY store_id, product_id)
  FROM stock_level;
INSERT INTO pull_change_counter (id, last_cursor)
  SELECT true, coalesce(max(change_cursor), 0) FROM pull_change;
`,
};
