// Change cursors that a server restored from an older backup can never hand out again. The
// counters behind every pull stream (catalog_stream, pull_change_counter) are ordinary rows, so a
// restore puts them back to the backup's values, below cursors registers already hold: changes
// written after the restore would take cursors those registers have pulled past, and they would
// never be served (found by the sync simulation). From here on a counter never hands out a cursor
// below the database's wall clock in microseconds, which a restore cannot wind back. Cursors stay
// unique and in commit order (the counter row is still locked until commit) and fit a JS number
// until the year 2255.
import type { Migration } from './migration';

export const clockCursorsMigration: Migration = {
  id: 15,
  name: 'clock_cursors',
  up: `
-- The wall clock as a cursor: microseconds since 1970. clock_timestamp(), not now(), so a long
-- transaction does not hand out a time from its start.
CREATE FUNCTION change_cursor_floor() RETURNS BIGINT LANGUAGE sql VOLATILE AS $$
  SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::BIGINT
$$;

CREATE OR REPLACE FUNCTION note_pull_change(change_stream TEXT, change_scope TEXT, change_key TEXT)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  next_cursor BIGINT;
BEGIN
  INSERT INTO pull_change_counter (id, last_cursor) VALUES (true, change_cursor_floor())
    ON CONFLICT (id) DO UPDATE
      SET last_cursor = greatest(pull_change_counter.last_cursor + 1, change_cursor_floor())
    RETURNING last_cursor INTO next_cursor;
  INSERT INTO pull_change (stream, scope, key, change_cursor)
    VALUES (change_stream, change_scope, change_key, next_cursor)
    ON CONFLICT (stream, scope, key) DO UPDATE SET change_cursor = EXCLUDED.change_cursor;
END $$;
`,
};
