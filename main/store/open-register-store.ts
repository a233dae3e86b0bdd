// Opens the register's one SQLite connection with the settings the register relies on, and brings
// its schema up to date. The core owns this connection for its lifetime.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate';
import type { MigrationOutcome } from './migrate';
import { MIGRATIONS } from './migrations/index';
import type { Migration } from './migrations/migration';
import type { RegisterDb } from './register-db';

/** The database file inside a register's data folder. */
export const REGISTER_DB_FILE = 'register.sqlite';

export interface OpenRegisterDbOptions {
  /** How long a statement waits for another process's lock (a support tool, a backup) before failing. */
  readonly busyTimeoutMs?: number;
  /** SQLite page cache in KiB; the catalog's indexes stay warm for scans without growing RSS much. */
  readonly cacheKib?: number;
}

export interface OpenRegisterStoreOptions extends OpenRegisterDbOptions {
  /** The register's data folder; created when missing. */
  readonly dataDir: string;
  /** Defaults to every migration the app knows. Tests pass a prefix. */
  readonly migrations?: readonly Migration[];
  readonly now?: () => Date;
}

export interface RegisterStore {
  readonly db: RegisterDb;
  readonly file: string;
  readonly migration: MigrationOutcome;
}

/** A connection with the register's pragmas, no schema work. */
export function openRegisterDb(file: string, options: OpenRegisterDbOptions = {}): RegisterDb {
  const db = new Database(file);
  try {
    // WAL: scans read while the catalog import or a sync apply writes, and commits append to a log
    // instead of rewriting pages.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal')
      throw new Error(`SQLite refused WAL mode for ${file} (got ${String(mode)})`);
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // NORMAL in WAL mode never corrupts the file; a power cut can only lose the last commits. Those
    // are catalog and sync writes that are fetched again; the commit of a paid sale uses
    // durableTransaction, which syncs at FULL.
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = -${options.cacheKib ?? 16_384}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Opens (creating when new) `<dataDir>/register.sqlite` and applies pending migrations. */
export function openRegisterStore(options: OpenRegisterStoreOptions): RegisterStore {
  mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, REGISTER_DB_FILE);
  const db = openRegisterDb(file, options);
  try {
    const migration = migrate(
      db,
      options.migrations ?? MIGRATIONS,
      options.now === undefined ? {} : { now: options.now },
    );
    return { db, file, migration };
  } catch (error) {
    db.close();
    throw error;
  }
}
