// The type of the register's one SQLite connection, named once so that callers need not know
// better-sqlite3's namespace layout.
import type BetterSqlite3 from 'better-sqlite3';

export type RegisterDb = BetterSqlite3.Database;
