// Migration 11: flash-sale leases this register holds — units the server set aside for it to sell
// offline — and the sales it made from them, so a lease is never sold past what was granted.
import type { Migration } from './migration';

export const leasesMigration: Migration = {
  id: 11,
  name: 'leases',
  up: `
CREATE TABLE flash_lease (
  -- The server's lease id.
  id TEXT PRIMARY KEY,
  flash_sale_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  -- Units granted so far (refills add), sold here, and handed back.
  granted INTEGER NOT NULL CHECK (granted >= 0),
  sold INTEGER NOT NULL DEFAULT 0 CHECK (sold >= 0),
  returned INTEGER NOT NULL DEFAULT 0 CHECK (returned >= 0),
  -- Server time after which the server takes unsold units back. The register judges it on its
  -- monotonic clock since its last contact (kept in memory), never on its wall clock.
  expires_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'returned', 'expired')),
  updated_at INTEGER NOT NULL,
  CHECK (sold + returned <= granted)
);
CREATE INDEX flash_lease_product ON flash_lease (product_id) WHERE status = 'open';

CREATE TABLE flash_lease_sale (
  sale_id TEXT NOT NULL,
  lease_id TEXT NOT NULL REFERENCES flash_lease (id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  at INTEGER NOT NULL,
  PRIMARY KEY (sale_id, lease_id)
);
`,
};
