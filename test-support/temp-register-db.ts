// A fresh register SQLite file (with the register's pragmas, no schema) in a temp folder for
// each test of the calling file, closed and removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openRegisterDb } from '../main/store/open-register-store';
import type { RegisterDb } from '../main/store/register-db';

export function useTempRegisterDb(prefix: string): { readonly db: RegisterDb } {
  let dir = '';
  let db: RegisterDb | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
    db = openRegisterDb(path.join(dir, 'register.sqlite'));
  });
  afterEach(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get db(): RegisterDb {
      if (db === undefined) throw new Error('useTempRegisterDb: used outside a test');
      return db;
    },
  };
}
