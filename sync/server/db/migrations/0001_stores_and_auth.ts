// Stores, enrolled registers with hashed client secrets, one-time enrolment codes, and staff.
import type { Migration } from './migration';

export const storesAndAuthMigration: Migration = {
  id: 1,
  name: 'stores_and_auth',
  up: `
CREATE TABLE store (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE enrolment_code (
  code_hash TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES store (id),
  issued_by TEXT NOT NULL,
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  register_id TEXT
);
CREATE TABLE register (
  id TEXT PRIMARY KEY,
  store_id TEXT NOT NULL REFERENCES store (id),
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  enrolled_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager', 'admin')),
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
`,
};
