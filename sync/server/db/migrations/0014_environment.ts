// In-store environment readings registers push (chiller temperatures, floor humidity): kept per
// store and sensor, for the dashboard, /metrics and the cold-chain record a store must keep.
import type { Migration } from './migration';

export const environmentMigration: Migration = {
  id: 14,
  name: 'environment',
  up: `
CREATE TABLE environment_reading (
  id BIGSERIAL PRIMARY KEY,
  store_id TEXT NOT NULL,
  register_id TEXT NOT NULL,
  sensor_id TEXT NOT NULL CHECK (sensor_id ~ '^[A-Za-z0-9_-]{1,32}$'),
  kind TEXT NOT NULL CHECK (kind IN ('temperature', 'humidity')),
  -- Milli-units: m°C, thousandths of a % RH.
  milli INTEGER NOT NULL,
  at BIGINT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX environment_reading_sensor ON environment_reading (store_id, sensor_id, at);
`,
};
