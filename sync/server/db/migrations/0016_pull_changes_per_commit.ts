// Pull-change cursors handed out once per commit instead of once per written row. Migration 13
// noted each member, lot and stock level change with a deferred row trigger that bumped the one
// counter row and upserted the key's cursor: a pushed batch of 25 sales moving ~75 stock levels
// ran ~75 of them at its commit, all under the counter's lock, so every register of the chain
// queued behind them (in the server-ingest benchmark those triggers were most of the database's
// time). Now a statement trigger only lists the keys a statement changed, and one deferred
// trigger per transaction takes a block of cursors from the counter and writes them in a single
// statement. Cursors stay unique, in commit order (the counter row is still locked from the
// flush until the commit) and never below the clock (migration 15).
import type { Migration } from './migration';

/**
 * For `table`: a function listing the keys its statement changed (`scope` and `key` are column
 * expressions of the changed rows) and queueing the transaction's flush, and the triggers that
 * call it. A trigger with a transition table takes one event, so inserts and updates each have one.
 */
const listChanges = (table: string, stream: string, scope: string, key: string) => `
CREATE FUNCTION ${table}_pull_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pull_change_pending (xact, stream, scope, key)
    SELECT txid_current(), '${stream}', ${scope}, ${key} FROM changed
    ON CONFLICT DO NOTHING;
  IF FOUND THEN PERFORM queue_pull_flush(); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER ${table}_pull_changes_insert AFTER INSERT ON ${table}
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${table}_pull_changes();
CREATE TRIGGER ${table}_pull_changes_update AFTER UPDATE ON ${table}
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION ${table}_pull_changes();`;

export const pullChangesPerCommitMigration: Migration = {
  id: 16,
  name: 'pull_changes_per_commit',
  up: `
DROP TRIGGER member_pull_change ON member;
DROP TRIGGER points_lot_pull_change ON points_lot;
DROP TRIGGER stock_level_pull_change ON stock_level;
DROP FUNCTION member_pull_change();
DROP FUNCTION points_lot_pull_change();
DROP FUNCTION stock_level_pull_change();
DROP FUNCTION note_pull_change(TEXT, TEXT, TEXT);

-- The keys an open transaction changed, waiting for their cursors. Rows live only inside the
-- transaction that wrote them (the flush deletes them before the commit; a rollback takes them
-- away), so nothing here needs to survive a crash: unlogged spares the write-ahead log.
CREATE UNLOGGED TABLE pull_change_pending (
  xact BIGINT NOT NULL,
  stream TEXT NOT NULL,
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  PRIMARY KEY (xact, stream, scope, key)
);

-- One row per transaction with keys waiting: inserting it queues that transaction's one flush.
CREATE UNLOGGED TABLE pull_change_flush (
  xact BIGINT PRIMARY KEY
);

CREATE FUNCTION queue_pull_flush() RETURNS void LANGUAGE sql AS $$
  INSERT INTO pull_change_flush (xact) VALUES (txid_current()) ON CONFLICT DO NOTHING
$$;

${listChanges('member', 'members', "''", 'id')}
${listChanges('points_lot', 'members', "''", 'member_id')}
${listChanges('stock_level', 'stock', 'store_id', 'product_id')}

-- At the commit: one block of cursors from the counter for every key the transaction changed.
-- The counter row stays locked until the commit, so cursors become visible in the order they
-- were handed out. Deleting the flush row first lets a write after an early flush (SET
-- CONSTRAINTS ... IMMEDIATE) queue another one, which takes a later block.
CREATE FUNCTION flush_pull_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  waiting BIGINT;
  first_cursor BIGINT;
BEGIN
  DELETE FROM pull_change_flush WHERE xact = NEW.xact;
  SELECT count(*) INTO waiting FROM pull_change_pending WHERE xact = NEW.xact;
  IF waiting = 0 THEN
    RETURN NULL;
  END IF;
  -- Upserted, not just updated, so an emptied counter restarts (as in migration 13).
  INSERT INTO pull_change_counter (id, last_cursor)
    VALUES (true, change_cursor_floor() + waiting - 1)
    ON CONFLICT (id) DO UPDATE
      SET last_cursor = greatest(pull_change_counter.last_cursor + 1, change_cursor_floor())
        + waiting - 1
    RETURNING last_cursor - waiting + 1 INTO first_cursor;
  WITH moved AS (
    DELETE FROM pull_change_pending WHERE xact = NEW.xact RETURNING stream, scope, key
  )
  INSERT INTO pull_change (stream, scope, key, change_cursor)
    SELECT stream, scope, key,
           first_cursor - 1 + row_number() OVER (ORDER BY stream, scope, key)
    FROM moved
    ON CONFLICT (stream, scope, key) DO UPDATE SET change_cursor = EXCLUDED.change_cursor;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER flush_pull_changes AFTER INSERT ON pull_change_flush
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION flush_pull_changes();
`,
};
