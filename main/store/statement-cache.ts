// Prepared statements cached per connection: preparing costs more than running most of the
// register's statements, and a scan or a sale runs the same few dozen again and again.
import type { Statement } from 'better-sqlite3';
import type { RegisterDb } from './register-db';

const caches = new WeakMap<RegisterDb, Map<string, Statement>>();

/** `db.prepare(sql)`, prepared once per connection and reused. */
export function statement<P extends unknown[] | object = unknown[], R = unknown>(
  db: RegisterDb,
  sql: string,
): Statement<P, R> {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (prepared === undefined) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared as unknown as Statement<P, R>;
}
