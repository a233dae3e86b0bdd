import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { openRegisterDb } from '../open-register-store';
import type { RegisterDb } from '../register-db';
import { catalogMigration } from './0001_catalog';

let dir: string;
let db: RegisterDb;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'migration-0001-'));
  db = openRegisterDb(path.join(dir, 'register.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function objects(type: string): string[] {
  return (
    db
      .prepare("SELECT name FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all(type) as string[]
  ).sort();
}

function insertProduct(gtin14: string, name: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO product (gtin14, name, tax_class_id, price_minor, currency, updated_at)
         VALUES (?, ?, 'vat-13', 990, 'CNY', '2025-01-01T00:00:00Z')`,
      )
      .run(gtin14, name).lastInsertRowid,
  );
}

function searchIds(match: string): number[] {
  return db
    .prepare('SELECT rowid FROM product_search WHERE product_search MATCH ? ORDER BY rowid')
    .pluck()
    .all(match) as number[];
}

describe('migration 0001 catalog', () => {
  it('applies on an empty database and creates the catalog tables, indexes and triggers', () => {
    expect(migrate(db, [catalogMigration])).toEqual({ applied: [1], version: 1 });
    for (const table of [
      'category',
      'catalog_search_state',
      'product',
      'product_gram',
      'product_gtin',
      'product_member_price',
      'product_search',
      'schema_migration',
      'stock',
      'tax_class',
    ]) {
      expect(objects('table')).toContain(table);
    }
    expect(objects('index')).toEqual(
      expect.arrayContaining([
        'product_category',
        'product_gram_product',
        'product_gtin14',
        'product_gtin_product',
      ]),
    );
    expect(objects('trigger')).toEqual([
      'product_search_delete',
      'product_search_insert',
      'product_search_rename',
    ]);
    const gtinIndex = db.prepare("PRAGMA index_list('product')").all() as {
      name: string;
      unique: number;
    }[];
    expect(gtinIndex.find((i) => i.name === 'product_gtin14')?.unique).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('applies on top of version 0 that already holds data, keeping it', () => {
    // Version 0 is a register that has never run a migration: only foreign tables may be there.
    db.exec("CREATE TABLE support_note (text TEXT); INSERT INTO support_note VALUES ('kept')");
    migrate(db, [catalogMigration]);
    expect(db.prepare('SELECT text FROM support_note').pluck().get()).toBe('kept');
    expect(db.prepare('SELECT live FROM catalog_search_state').pluck().get()).toBe(1);
  });

  it('enforces the catalog rules: one product per GTIN-14, digits only, known tax class', () => {
    migrate(db, [catalogMigration]);
    db.exec("INSERT INTO tax_class VALUES ('vat-13', 'VAT 13%', 1300)");
    insertProduct('04006381333931', 'Stabilo');
    expect(() => insertProduct('04006381333931', 'Again')).toThrow(/UNIQUE/);
    expect(() => insertProduct('4006381333931', 'Thirteen')).toThrow(/CHECK/);
    expect(() => insertProduct('0400638133393X', 'Letter')).toThrow(/CHECK/);
    expect(() =>
      db.exec(
        "INSERT INTO product (gtin14, name, tax_class_id, price_minor, currency, updated_at) VALUES ('00000000000017', 'x', 'vat-99', 1, 'CNY', 't')",
      ),
    ).toThrow(/FOREIGN KEY/);
    expect(() => db.exec('INSERT INTO stock (product_id, locked) VALUES (1, -1)')).toThrow(/CHECK/);
  });

  it('keeps the trigram index in step with product names while search is live', () => {
    migrate(db, [catalogMigration]);
    db.exec("INSERT INTO tax_class VALUES ('vat-13', 'VAT 13%', 1300)");
    const id = insertProduct('00000000000017', 'Crème brûlée');
    expect(searchIds('"creme"')).toEqual([id]);
    // A space and two letters match a word start, the first word included.
    expect(searchIds('" cr"')).toEqual([id]);
    db.prepare("UPDATE product SET name = '焦糖布丁' WHERE id = ?").run(id);
    expect(searchIds('"creme"')).toEqual([]);
    expect(searchIds('"焦糖布"')).toEqual([id]);
    db.prepare('DELETE FROM product WHERE id = ?').run(id);
    expect(searchIds('"焦糖布"')).toEqual([]);
    db.exec("INSERT INTO product_search (product_search, rank) VALUES ('integrity-check', 1)");
  });
});
