// Each store sensor's latest reading kept in a row of its own, and the readings indexed by kind.
// Readings are kept for good (the cold-chain record): a sensor sends one a minute, half a million
// a year. The dashboard route and every /metrics scrape found each sensor's latest with a
// DISTINCT ON over all of them, every store's for /metrics, so both grew with every minute ever
// kept. A statement trigger now keeps `environment_latest` as readings arrive, whoever writes
// them; the route's last-day low and high read one day of one sensor and kind off the new index.
import type { Migration } from './migration';

export const environmentLatestMigration: Migration = {
  id: 17,
  name: 'environment_latest',
  up: `
CREATE TABLE environment_latest (
  store_id TEXT NOT NULL,
  sensor_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  milli INTEGER NOT NULL,
  at BIGINT NOT NULL,
  register_id TEXT NOT NULL,
  -- The reading's id: of two readings at the same moment the later written is the latest.
  reading_id BIGINT NOT NULL,
  PRIMARY KEY (store_id, sensor_id, kind)
);

INSERT INTO environment_latest (store_id, sensor_id, kind, milli, at, register_id, reading_id)
  SELECT DISTINCT ON (store_id, sensor_id, kind) store_id, sensor_id, kind, milli, at, register_id, id
  FROM environment_reading
  ORDER BY store_id, sensor_id, kind, at DESC, id DESC;

-- Readings may arrive out of order (a register back from an outage sends its backlog after
-- another register's newer minutes): a row only ever moves forward.
CREATE FUNCTION keep_environment_latest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO environment_latest AS l (store_id, sensor_id, kind, milli, at, register_id, reading_id)
    SELECT DISTINCT ON (store_id, sensor_id, kind) store_id, sensor_id, kind, milli, at, register_id, id
    FROM added
    ORDER BY store_id, sensor_id, kind, at DESC, id DESC
    ON CONFLICT (store_id, sensor_id, kind) DO UPDATE
      SET milli = excluded.milli, at = excluded.at, register_id = excluded.register_id,
          reading_id = excluded.reading_id
      WHERE (l.at, l.reading_id) < (excluded.at, excluded.reading_id);
  RETURN NULL;
END $$;
CREATE TRIGGER environment_reading_latest AFTER INSERT ON environment_reading
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION keep_environment_latest();

CREATE INDEX environment_reading_sensor_kind ON environment_reading (store_id, sensor_id, kind, at);
DROP INDEX environment_reading_sensor;
`,
};
