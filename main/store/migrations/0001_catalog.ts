// Migration 1: the catalog the register sells from — products with their GTINs, prices, member
// prices and stock — and the product search indexes (FTS5 trigram, plus CJK grams for 1–2
// character queries that a trigram index cannot answer).
import type { Migration } from './migration';

export const catalogMigration: Migration = {
  id: 1,
  name: 'catalog',
  up: `
-- Tax rates in basis points (1300 = 13 %) so tax maths stays integer; head office owns the list.
CREATE TABLE tax_class (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  rate_basis_points INTEGER NOT NULL CHECK (rate_basis_points BETWEEN 0 AND 10000)
);

CREATE TABLE category (
  id TEXT PRIMARY KEY,
  -- Names by BCP 47 locale, e.g. {"zh-CN": "乳制品", "en": "Dairy"}.
  names TEXT NOT NULL CHECK (json_valid(names)),
  sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE product (
  -- Local row id (also the search index's rowid); the GTIN is the key scans use.
  id INTEGER PRIMARY KEY,
  -- Primary GTIN, left-padded to 14 digits so EAN-8, UPC-A, EAN-13 and GTIN-14 share one key.
  gtin14 TEXT NOT NULL CHECK (length(gtin14) = 14 AND gtin14 NOT GLOB '*[^0-9]*'),
  -- The name shown when the display locale has none of its own; the search index covers it.
  name TEXT NOT NULL CHECK (name <> ''),
  names TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(names)),
  category_id TEXT REFERENCES category(id),
  brand TEXT,
  -- 'each': quantities are units, price per unit; 'weight': quantities are grams, price per kg.
  sold_by TEXT NOT NULL DEFAULT 'each' CHECK (sold_by IN ('each', 'weight')),
  tax_class_id TEXT NOT NULL REFERENCES tax_class(id),
  -- Shelf price in minor units (fen) of currency; integer, never a float.
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  -- Inactive products stay for old receipts and returns but cannot be sold.
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  updated_at TEXT NOT NULL,
  -- The server change cursor that last wrote this row; NULL for local demo data. Sync pulls use it.
  server_version INTEGER,
  -- What the search index holds: the name after a space, so that a space and two letters (" ch")
  -- form a trigram matching any word that starts with them, the first word included. Virtual:
  -- computed when read, stored nowhere.
  search_text TEXT GENERATED ALWAYS AS (' ' || name) VIRTUAL
);
CREATE UNIQUE INDEX product_gtin14 ON product (gtin14);
CREATE INDEX product_category ON product (category_id);

-- Further GTINs that scan to the same product (a multipack, an old label); the primary one is
-- product.gtin14 and is not repeated here, so a plain catalog needs no row in this table.
CREATE TABLE product_gtin (
  gtin14 TEXT PRIMARY KEY CHECK (length(gtin14) = 14 AND gtin14 NOT GLOB '*[^0-9]*'),
  product_id INTEGER NOT NULL REFERENCES product (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX product_gtin_product ON product_gtin (product_id);

-- A member at this level (or above, when the level has no price of its own) pays this price.
CREATE TABLE product_member_price (
  product_id INTEGER NOT NULL REFERENCES product (id) ON DELETE CASCADE,
  level TEXT NOT NULL CHECK (level IN ('bronze', 'silver', 'gold', 'platinum')),
  price_minor INTEGER NOT NULL CHECK (price_minor >= 0),
  PRIMARY KEY (product_id, level)
) WITHOUT ROWID;

-- This store's stock, in the product's sale unit (units, or grams when sold by weight). Minimal on
-- purpose: stock moves, the log and leases arrive with their own migrations. available may go
-- below zero when registers sell the last unit offline; the server reconciles it. No cascade: a
-- product with stock is deactivated, never deleted.
CREATE TABLE stock (
  product_id INTEGER PRIMARY KEY REFERENCES product (id),
  available INTEGER NOT NULL DEFAULT 0,
  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked >= 0),
  safety INTEGER NOT NULL DEFAULT 0 CHECK (safety >= 0),
  -- Optimistic concurrency: every change bumps it and checks the value it read.
  version INTEGER NOT NULL DEFAULT 0
);

-- Substring search for names in any script, case- and accent-insensitive. External content: the
-- text lives once, in product.name. Trigrams need queries of 3 or more characters (or 2 after a
-- space, see search_text).
CREATE VIRTUAL TABLE product_search USING fts5 (
  search_text,
  content = 'product',
  content_rowid = 'id',
  tokenize = 'trigram remove_diacritics 1'
);

-- Han, kana and Hangul characters and character pairs of each name, written by the catalog code
-- (which computes them): a 1–2 character query (牛奶, 蒜蓉, 奶) is a point lookup here.
CREATE TABLE product_gram (
  gram TEXT NOT NULL,
  product_id INTEGER NOT NULL REFERENCES product (id) ON DELETE CASCADE,
  PRIMARY KEY (gram, product_id)
) WITHOUT ROWID;
CREATE INDEX product_gram_product ON product_gram (product_id);

-- live = 1: the triggers keep product_search in step with product row by row. A bulk load into
-- an empty catalog sets it to 0 and builds the index afterwards, several times faster than
-- per-row maintenance; while it is 0 the index is incomplete and is rebuilt before it goes live.
CREATE TABLE catalog_search_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  live INTEGER NOT NULL CHECK (live IN (0, 1))
);
INSERT INTO catalog_search_state (id, live) VALUES (1, 1);

CREATE TRIGGER product_search_insert AFTER INSERT ON product
WHEN (SELECT live FROM catalog_search_state) = 1
BEGIN
  INSERT INTO product_search (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER product_search_delete AFTER DELETE ON product
WHEN (SELECT live FROM catalog_search_state) = 1
BEGIN
  INSERT INTO product_search (product_search, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
END;

-- Only a changed name touches the index, so re-importing an unchanged catalog costs no index work.
CREATE TRIGGER product_search_rename AFTER UPDATE OF name ON product
WHEN old.name IS NOT new.name AND (SELECT live FROM catalog_search_state) = 1
BEGIN
  INSERT INTO product_search (product_search, rowid, search_text)
    VALUES ('delete', old.id, old.search_text);
  INSERT INTO product_search (rowid, search_text) VALUES (new.id, new.search_text);
END;
`,
};
