import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { durableTransaction } from './durable-transaction';
import { migrate } from './migrate';
import type { Migration } from './migrations/migration';
import { MIGRATIONS } from './migrations/index';
import { openRegisterDb, openRegisterStore } from './open-register-store';
import type { RegisterDb } from './register-db';
import { StoreError } from './store-error';

const FIRST: Migration = { id: 1, name: 'first', up: 'CREATE TABLE a (x INTEGER);' };
const SECOND: Migration = { id: 2, name: 'second', up: 'CREATE TABLE b (y INTEGER);' };
const BROKEN: Migration = { id: 2, name: 'broken', up: 'CREATE TABLE c (z INTEGER); NOT SQL;' };
const FIXED_NOW = () => new Date('2025-06-01T08:00:00Z');

let dir: string;
let db: RegisterDb;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'migrate-'));
  db = openRegisterDb(path.join(dir, 'register.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function tables(): string[] {
  return db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
}

function storeError(work: () => unknown): StoreError {
  try {
    work();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError');
}

describe('migrate', () => {
  it('applies pending migrations in order, records them, and is a no-op when current', () => {
    expect(migrate(db, [FIRST], { now: FIXED_NOW })).toEqual({ applied: [1], version: 1 });
    expect(migrate(db, [FIRST, SECOND], { now: FIXED_NOW })).toEqual({ applied: [2], version: 2 });
    expect(migrate(db, [FIRST, SECOND])).toEqual({ applied: [], version: 2 });
    expect(db.prepare('SELECT id, name, applied_at FROM schema_migration').all()).toEqual([
      { id: 1, name: 'first', applied_at: '2025-06-01T08:00:00.000Z' },
      { id: 2, name: 'second', applied_at: '2025-06-01T08:00:00.000Z' },
    ]);
    expect(tables()).toEqual(['a', 'b', 'schema_migration']);
  });

  it('applies all pending migrations in one transaction: a failure leaves nothing behind', () => {
    const error = storeError(() => migrate(db, [FIRST, BROKEN]));
    expect(error.code).toBe('STORE_MIGRATION_FAILED');
    expect(error.message).toMatch(/migration 2 \(broken\)/);
    expect(tables()).toEqual(['schema_migration']);
    expect(db.prepare('SELECT count(*) FROM schema_migration').pluck().get()).toBe(0);
  });

  it('refuses to start on a schema newer than the app knows, without touching it', () => {
    migrate(db, [FIRST, SECOND]);
    const error = storeError(() => migrate(db, [FIRST]));
    expect(error.code).toBe('STORE_SCHEMA_NEWER');
    expect(error.message).toMatch(/this register's data was written by a newer version/i);
    expect(error.message).toMatch(/schema 2, this app knows up to 1/);
    expect(tables()).toEqual(['a', 'b', 'schema_migration']);
  });

  it('refuses when the applied migrations are not a prefix of the known ones', () => {
    migrate(db, [FIRST]);
    const renamed: Migration = { ...FIRST, name: 'first_renamed' };
    const error = storeError(() => migrate(db, [renamed, SECOND]));
    expect(error.code).toBe('STORE_MIGRATIONS_DIVERGED');
    expect(error.message).toMatch(/applied migration 1 \(first\) where 1 \(first_renamed\)/);
    expect(tables()).toEqual(['a', 'schema_migration']);
  });

  it('rejects a malformed migration list before touching the database', () => {
    expect(() => migrate(db, [SECOND])).toThrow(/position 0 holds id 2/);
    expect(() => migrate(db, [FIRST, { ...SECOND, name: 'first' }])).toThrow(/duplicate/);
    expect(tables()).toEqual([]);
  });

  it('knows a well-formed list of real migrations', () => {
    MIGRATIONS.forEach((m, i) => expect(m.id).toBe(i + 1));
  });
});

describe('openRegisterStore', () => {
  it('opens in WAL with foreign keys on and NORMAL sync, and migrates to the latest schema', () => {
    const store = openRegisterStore({ dataDir: path.join(dir, 'data', 'register') });
    try {
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
      expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(store.migration.version).toBe(MIGRATIONS.length);
    } finally {
      store.db.close();
    }
  });

  it('closes the file and reports the refusal when the schema is newer', () => {
    const dataDir = path.join(dir, 'newer');
    const first = openRegisterStore({ dataDir });
    first.db
      .prepare("INSERT INTO schema_migration VALUES (?, 'from_the_future', 'now')")
      .run(MIGRATIONS.length + 1);
    first.db.close();
    expect(() => openRegisterStore({ dataDir })).toThrow(/newer version/);
  });
});

describe('durableTransaction', () => {
  it('commits at synchronous=FULL and restores the connection to NORMAL', () => {
    db.exec('CREATE TABLE sale (id INTEGER PRIMARY KEY)');
    const levelInside = durableTransaction(db, () => {
      db.prepare('INSERT INTO sale DEFAULT VALUES').run();
      return db.pragma('synchronous', { simple: true });
    });
    expect(levelInside).toBe(2);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.prepare('SELECT count(*) FROM sale').pluck().get()).toBe(1);
    // Again, on the same connection (its pragma statements are prepared once and reused).
    for (let i = 0; i < 2; i += 1) {
      expect(durableTransaction(db, () => db.pragma('synchronous', { simple: true }))).toBe(2);
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
    }
  });

  it('rolls back on an error and still restores NORMAL', () => {
    db.exec('CREATE TABLE sale (id INTEGER PRIMARY KEY)');
    expect(() =>
      durableTransaction(db, () => {
        db.prepare('INSERT INTO sale DEFAULT VALUES').run();
        throw new Error('card declined');
      }),
    ).toThrow('card declined');
    expect(db.prepare('SELECT count(*) FROM sale').pluck().get()).toBe(0);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('refuses to nest inside another transaction', () => {
    const error = storeError(() => db.transaction(() => durableTransaction(db, () => 1))());
    expect(error.code).toBe('STORE_NESTED_DURABLE_TRANSACTION');
  });
});
