// Applies the app's numbered migrations at start, all pending ones in one transaction. The ids
// already applied must be a prefix of the ones the app knows (the Actual Budget rule): anything
// else means the database came from another build, and guessing would corrupt the register's data.
import type { Migration } from './migrations/migration';
import type { RegisterDb } from './register-db';
import { writeTransaction } from './write-transaction';
import { StoreError } from './store-error';

export interface MigrationOutcome {
  /** Ids applied by this call, in order; empty when the schema was already current. */
  readonly applied: readonly number[];
  /** The schema version after the call: the highest applied id (0 for an empty database). */
  readonly version: number;
}

export interface MigrateOptions {
  /** Stamps schema_migration.applied_at; injected so tests can pin it. */
  readonly now?: () => Date;
}

interface AppliedRow {
  readonly id: number;
  readonly name: string;
}

export function migrate(
  db: RegisterDb,
  known: readonly Migration[],
  options: MigrateOptions = {},
): MigrationOutcome {
  assertWellFormed(known);
  const now = options.now ?? (() => new Date());
  // Created outside the transaction so that even a refused start leaves a readable record table.
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migration (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const upgrade = writeTransaction(db, (): MigrationOutcome => {
    const applied = db
      .prepare('SELECT id, name FROM schema_migration ORDER BY id')
      .all() as AppliedRow[];
    checkAppliedArePrefix(applied, known);
    const pending = known.slice(applied.length);
    const record = db.prepare(
      'INSERT INTO schema_migration (id, name, applied_at) VALUES (?, ?, ?)',
    );
    for (const migration of pending) {
      try {
        db.exec(migration.up);
      } catch (error) {
        throw new StoreError(
          'STORE_MIGRATION_FAILED',
          `Could not upgrade the register's data: migration ${migration.id} (${migration.name}) failed: ${errorMessage(error)}. Nothing was changed.`,
          { cause: error },
        );
      }
      record.run(migration.id, migration.name, now().toISOString());
    }
    // The applied ids were a prefix and the rest are now applied: the schema is the known one.
    const version = known.length;
    // user_version mirrors the table so the sqlite3 shell and support tools can read it at a glance.
    db.pragma(`user_version = ${version}`);
    return { applied: pending.map((m) => m.id), version };
  });
  // IMMEDIATE: take the write lock before reading, so two processes cannot both apply a migration.
  return upgrade();
}

function checkAppliedArePrefix(applied: readonly AppliedRow[], known: readonly Migration[]): void {
  for (let i = 0; i < applied.length; i += 1) {
    const row = applied[i] as AppliedRow;
    const expected = known[i];
    if (expected === undefined) {
      const newest = applied[applied.length - 1] as AppliedRow;
      throw new StoreError(
        'STORE_SCHEMA_NEWER',
        `This register's data was written by a newer version of the app (schema ${newest.id}, this app knows up to ${known.length}). Install the newer version; the data has not been touched.`,
      );
    }
    if (row.id !== expected.id || row.name !== expected.name) {
      throw new StoreError(
        'STORE_MIGRATIONS_DIVERGED',
        `This register's data does not match this version of the app: applied migration ${row.id} (${row.name}) where ${expected.id} (${expected.name}) was expected. Call support; the data has not been touched.`,
      );
    }
  }
}

/** A broken list is a bug in the build, not in the data: fail loudly before touching the file. */
function assertWellFormed(known: readonly Migration[]): void {
  known.forEach((migration, index) => {
    if (migration.id !== index + 1) {
      throw new Error(
        `Migration list is malformed: position ${index} holds id ${migration.id}, expected ${index + 1}`,
      );
    }
  });
  const names = new Set(known.map((m) => m.name));
  if (names.size !== known.length) throw new Error('Migration list is malformed: duplicate names');
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
