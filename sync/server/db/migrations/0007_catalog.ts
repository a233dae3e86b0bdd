// The chain's catalog, head office's to change: tax classes, categories, products by GTIN-14,
// prices per store (or the chain default) and promotions. Every row carries the change cursor of
// its last write, so each stream is a change log compacted per key: a register pulls "rows whose
// cursor is past mine" in cursor order and ends up with the latest state of each.
import type { Migration } from './migration';

export const catalogMigration: Migration = {
  id: 7,
  name: 'catalog',
  up: `
-- The last cursor handed out per stream. A writer takes the next ones with UPDATE … RETURNING,
-- which locks the row until it commits: cursors therefore become visible in the order they were
-- handed out, and a register reading "after N" never skips a row that commits later with a
-- smaller cursor.
CREATE TABLE catalog_stream (
  stream TEXT PRIMARY KEY CHECK (stream IN ('catalog', 'prices', 'promotions')),
  last_cursor BIGINT NOT NULL DEFAULT 0 CHECK (last_cursor >= 0)
);
INSERT INTO catalog_stream (stream) VALUES ('catalog'), ('prices'), ('promotions');

-- Tax rates in basis points (1300 = 13 %), as on the register.
CREATE TABLE tax_class (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  rate_basis_points INTEGER NOT NULL CHECK (rate_basis_points BETWEEN 0 AND 10000),
  change_cursor BIGINT NOT NULL UNIQUE,
  updated_at BIGINT NOT NULL
);

CREATE TABLE category (
  id TEXT PRIMARY KEY,
  -- Names by BCP 47 locale, e.g. {"zh-CN": "乳制品", "en": "Dairy"}.
  names JSONB NOT NULL,
  sort_order INTEGER NOT NULL DEFAULT 0,
  change_cursor BIGINT NOT NULL UNIQUE,
  updated_at BIGINT NOT NULL
);

-- Products are never deleted (old receipts and returns name them): they are deactivated.
CREATE TABLE product (
  gtin14 TEXT PRIMARY KEY CHECK (gtin14 ~ '^[0-9]{14}$'),
  name TEXT NOT NULL CHECK (name <> ''),
  names JSONB NOT NULL DEFAULT '{}',
  category_id TEXT REFERENCES category (id),
  brand TEXT,
  sold_by TEXT NOT NULL DEFAULT 'each' CHECK (sold_by IN ('each', 'weight')),
  tax_class_id TEXT NOT NULL REFERENCES tax_class (id),
  active BOOLEAN NOT NULL DEFAULT true,
  change_cursor BIGINT NOT NULL UNIQUE,
  updated_at BIGINT NOT NULL
);

-- A product's price at one store, or for the whole chain (store_id ''): a store's own row wins.
-- price_minor NULL marks a removed price; the row stays so registers learn of the removal.
CREATE TABLE product_price (
  gtin14 TEXT NOT NULL REFERENCES product (gtin14),
  store_id TEXT NOT NULL,
  price_minor BIGINT CHECK (price_minor >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  -- Member prices by level in minor units, e.g. {"bronze": 950}.
  member_prices JSONB NOT NULL DEFAULT '{}',
  change_cursor BIGINT NOT NULL UNIQUE,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (gtin14, store_id)
);
CREATE INDEX product_price_store_cursor ON product_price (store_id, change_cursor);

-- Promotions as app/pricing defines them; store_id NULL: every store. definition NULL: removed.
CREATE TABLE promotion (
  id TEXT PRIMARY KEY,
  store_id TEXT,
  definition JSONB,
  change_cursor BIGINT NOT NULL UNIQUE,
  updated_at BIGINT NOT NULL
);
`,
};
