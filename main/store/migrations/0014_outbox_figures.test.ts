import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { outboxFiguresMigration } from './0014_outbox_figures';

const store = useTempRegisterDb('migration-0014');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(outboxFiguresMigration));

function plan(sql: string): string {
  return store.db
    .prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
    .all()
    .map((r) => r.detail)
    .join('; ');
}

describe('migration 0014 outbox figures', () => {
  it('fills sale totals from the payloads already there, and keeps the column honest', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    migrate(store.db, before);
    const old = store.db.prepare(
      `INSERT INTO outbox (seq, register_id, mutation_id, type, payload, schema_version, created_at)
       VALUES (?, 'reg-1', ?, ?, ?, 1, 0)`,
    );
    old.run(1, 'm-1', 'sale.completed', JSON.stringify({ saleId: 's-1', total: 1250 }));
    old.run(2, 'm-2', 'cart.cancelled', JSON.stringify({ cartId: 'c-1' }));
    old.run(3, 'm-3', 'sale.completed', JSON.stringify({ saleId: 's-2', total: 990 }));
    store.db.prepare('UPDATE outbox SET acked_at = 5 WHERE seq = 3').run();

    migrate(store.db, [...before, outboxFiguresMigration]);
    expect(store.db.prepare('SELECT seq, sale_total FROM outbox ORDER BY seq').raw().all()).toEqual(
      [
        [1, 1250],
        [2, null],
        [3, 990],
      ],
    );
    const insert = store.db.prepare(
      `INSERT INTO outbox (seq, register_id, mutation_id, type, payload, schema_version, created_at,
         sale_total) VALUES (?, 'reg-1', ?, ?, '{}', 1, 0, ?)`,
    );
    expect(() => insert.run(4, 'm-4', 'sale.completed', null)).toThrow(/sale_total/);
    expect(() => insert.run(4, 'm-4', 'refund.completed', 100)).toThrow(/sale_total/);
    insert.run(4, 'm-4', 'refund.completed', null);
  });

  it('answers the pending figures and a member’s offline points from indexes, not payloads', () => {
    migrate(store.db, MIGRATIONS);
    expect(
      plan(
        `SELECT count(*), count(sale_total), sum(sale_total) FROM outbox INDEXED BY outbox_unacked
         WHERE acked_at IS NULL`,
      ),
    ).toMatch(/USING COVERING INDEX outbox_unacked/);
    expect(
      plan(
        `SELECT sum(json_extract(payload, '$.points')) FROM outbox
         WHERE type = 'points.offlineRedeemed' AND json_extract(payload, '$.memberId') = 'm1'`,
      ),
    ).toMatch(/USING INDEX outbox_points_redeemed/);
  });
});
