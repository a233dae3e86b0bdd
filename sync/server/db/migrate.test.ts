import { describe, expect, it } from 'vitest';
import { useTestDatabases } from '../testing/test-databases';
import { migrate, MigrationError } from './migrate';
import { SERVER_MIGRATIONS } from './migrations';

describe.each(useTestDatabases())('migrations on $engine', (database) => {
  it('applies every migration once and records it', async (context) => {
    const db = await database.open(context);
    const again = await migrate(db, SERVER_MIGRATIONS, () => 1);
    expect(again).toEqual({ applied: [], version: SERVER_MIGRATIONS.length });
    const { rows } = await db.query<{ id: number; name: string }>(
      'SELECT id, name FROM schema_migration ORDER BY id',
    );
    expect(rows.map((r) => r.id)).toEqual(SERVER_MIGRATIONS.map((m) => m.id));
  });

  it('refuses a database written by a newer server', async (context) => {
    const db = await database.open(context);
    await expect(migrate(db, SERVER_MIGRATIONS.slice(0, 3), () => 1)).rejects.toMatchObject({
      code: 'schemaNewer',
    });
  });

  it('refuses a database whose migrations diverged, touching nothing', async (context) => {
    const db = await database.open(context);
    const renamed = SERVER_MIGRATIONS.map((m, i) => (i === 1 ? { ...m, name: 'other' } : m));
    const refused = migrate(db, renamed, () => 1);
    await expect(refused).rejects.toBeInstanceOf(MigrationError);
    await expect(refused).rejects.toMatchObject({ code: 'migrationsDiverged' });
  });

  it('rolls back every migration of a failed start', async (context) => {
    const db = await database.open(context);
    const broken = [
      ...SERVER_MIGRATIONS,
      { id: SERVER_MIGRATIONS.length + 1, name: 'ok_table', up: 'CREATE TABLE ok_table (id INT)' },
      { id: SERVER_MIGRATIONS.length + 2, name: 'broken', up: 'CREATE TABLE nope (' },
    ];
    await expect(migrate(db, broken, () => 1)).rejects.toMatchObject({ code: 'migrationFailed' });
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'ok_table'",
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('reads int8 columns as numbers', async (context) => {
    const db = await database.open(context);
    const { rows } = await db.query<{ big: number }>(
      'SELECT $1::bigint AS big',
      [1_700_000_000_000],
    );
    expect(rows[0]?.big).toBe(1_700_000_000_000);
  });
});
