// Migration 16: in-store environment readings (chillers, the shop floor), one row per sensor and
// minute holding that minute's latest reading: the dashboard's figures, and what goes to head
// office as one outbox row a minute once the minute is over.
import type { Migration } from './migration';

export const environmentMigration: Migration = {
  id: 16,
  name: 'environment',
  up: `
CREATE TABLE environment_reading (
  sensor_id TEXT NOT NULL CHECK (sensor_id NOT GLOB '*[^A-Za-z0-9_-]*' AND length(sensor_id) BETWEEN 1 AND 32),
  kind TEXT NOT NULL CHECK (kind IN ('temperature', 'humidity')),
  -- Minutes since the epoch.
  minute INTEGER NOT NULL,
  -- m°C, thousandths of % RH.
  milli INTEGER NOT NULL,
  at INTEGER NOT NULL,
  -- 1 once the minute went to the outbox.
  outboxed INTEGER NOT NULL DEFAULT 0 CHECK (outboxed IN (0, 1)),
  PRIMARY KEY (sensor_id, kind, minute)
) WITHOUT ROWID;
CREATE INDEX environment_reading_unsent ON environment_reading (minute) WHERE outboxed = 0;
`,
};
