import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../migrate';
import { openRegisterDb } from '../open-register-store';
import type { RegisterDb } from '../register-db';
import { MIGRATIONS } from './index';
import { printJobsMigration } from './0006_print_jobs';

let dir: string;
let db: RegisterDb;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'migration-0006-'));
  db = openRegisterDb(path.join(dir, 'register.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(printJobsMigration));

describe('migration 0006 print jobs', () => {
  it('applies on top of version 5 and refuses unknown job states', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
    migrate(db, before);
    migrate(db, [...before, printJobsMigration]);
    const insert = db.prepare(
      "INSERT INTO print_job (id, created_at, state, job) VALUES (?, 0, ?, '{}')",
    );
    insert.run('a', 'queued');
    expect(() => insert.run('b', 'lost')).toThrow(/CHECK/);
    expect(() => insert.run('a', 'queued')).toThrow(/UNIQUE/);
  });
});
