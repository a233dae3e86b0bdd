import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { err, ok } from '../../app/result';
import { openRegisterDb } from './open-register-store';
import type { RegisterDb } from './register-db';
import { durableResultTransaction, resultTransaction } from './result-transaction';

let dir: string;
let db: RegisterDb;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'result-tx-'));
  db = openRegisterDb(path.join(dir, 'r.sqlite'));
  db.exec('CREATE TABLE t (v INTEGER)');
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = () => db.prepare('SELECT count(*) FROM t').pluck().get();

describe('result transactions', () => {
  for (const [name, tx] of [
    ['plain', resultTransaction],
    ['durable', durableResultTransaction],
  ] as const) {
    it(`${name}: commits an ok answer and rolls back a refusal`, () => {
      expect(tx(db, () => (db.prepare('INSERT INTO t VALUES (1)').run(), ok(1)))).toEqual(ok(1));
      const refused = tx(
        db,
        () => (db.prepare('INSERT INTO t VALUES (2)').run(), err('x.no', 'no')),
      );
      expect(refused).toEqual(err('x.no', 'no'));
      expect(count()).toBe(1);
      expect(() =>
        tx(db, () => {
          throw new Error('boom');
        }),
      ).toThrow('boom');
    });
  }

  it('rolls back only its own savepoint when nested', () => {
    db.transaction(() => {
      db.prepare('INSERT INTO t VALUES (1)').run();
      resultTransaction(
        db,
        () => (db.prepare('INSERT INTO t VALUES (2)').run(), err('x.no', 'no')),
      );
    })();
    expect(count()).toBe(1);
  });
});
