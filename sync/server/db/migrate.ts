// Applies the server's numbered migrations at start, all pending ones in one transaction. The ids
// already applied must be a prefix of the ones this build knows (the rule the register follows
// too): a newer or diverged database refuses to start rather than being guessed at.
import type { Db, SqlRunner } from './db';
import type { Migration } from './migrations';

export class MigrationError extends Error {
  constructor(
    readonly code: 'schemaNewer' | 'migrationsDiverged' | 'migrationFailed',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface MigrationOutcome {
  readonly applied: readonly number[];
  readonly version: number;
}

interface AppliedRow {
  readonly id: number;
  readonly name: string;
}

export async function migrate(
  db: Db,
  known: readonly Migration[],
  now: () => number,
): Promise<MigrationOutcome> {
  assertWellFormed(known);
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migration (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  );
  return db.transaction(async (tx: SqlRunner) => {
    // Two instances starting together on one PostgreSQL: the second waits, then sees it all done.
    await tx.exec('LOCK TABLE schema_migration IN EXCLUSIVE MODE');
    const { rows } = await tx.query<AppliedRow>(
      'SELECT id, name FROM schema_migration ORDER BY id',
    );
    checkAppliedArePrefix(rows, known);
    const pending = known.slice(rows.length);
    for (const migration of pending) {
      try {
        await tx.exec(migration.up);
      } catch (error) {
        throw new MigrationError(
          'migrationFailed',
          `Migration ${migration.id} (${migration.name}) failed: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`,
          { cause: error },
        );
      }
      await tx.query('INSERT INTO schema_migration (id, name, applied_at) VALUES ($1, $2, $3)', [
        migration.id,
        migration.name,
        now(),
      ]);
    }
    return { applied: pending.map((m) => m.id), version: known.length };
  });
}

function checkAppliedArePrefix(applied: readonly AppliedRow[], known: readonly Migration[]): void {
  applied.forEach((row, i) => {
    const expected = known[i];
    if (expected === undefined) {
      const newest = applied[applied.length - 1] ?? row;
      throw new MigrationError(
        'schemaNewer',
        `The server database was written by a newer server (schema ${newest.id}, this build knows up to ${known.length}). Run the newer server; the data has not been touched.`,
      );
    }
    if (row.id !== expected.id || row.name !== expected.name) {
      throw new MigrationError(
        'migrationsDiverged',
        `The server database does not match this build: applied migration ${row.id} (${row.name}) where ${expected.id} (${expected.name}) was expected. The data has not been touched.`,
      );
    }
  });
}

function assertWellFormed(known: readonly Migration[]): void {
  known.forEach((migration, index) => {
    if (migration.id !== index + 1) {
      throw new Error(
        `Migration list is malformed: position ${index} holds id ${migration.id}, expected ${index + 1}`,
      );
    }
  });
  if (new Set(known.map((m) => m.name)).size !== known.length) {
    throw new Error('Migration list is malformed: duplicate names');
  }
}
