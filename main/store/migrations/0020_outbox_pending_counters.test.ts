import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { outboxStatus } from '../../outbox/outbox';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { outboxPendingCountersMigration } from './0020_outbox_pending_counters';

const store = useTempRegisterDb('migration-0020');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(outboxPendingCountersMigration));

/** The figures counted row by row, as before migration 20. */
function counted() {
  return store.db
    .prepare<[], { unacked: number; sales: number; value: number }>(
      `SELECT count(*) AS unacked, count(sale_total) AS sales, coalesce(sum(sale_total), 0) AS value
       FROM outbox WHERE acked_at IS NULL`,
    )
    .get();
}

function figures() {
  const { unacked, unackedSales, unackedSalesValue } = outboxStatus(store.db);
  return { unacked, sales: unackedSales, value: unackedSalesValue };
}

let seq = 0;
function append(total: number | null): number {
  seq += 1;
  store.db
    .prepare(
      `INSERT INTO outbox (seq, register_id, mutation_id, type, payload, schema_version, created_at,
         sale_total) VALUES (?, 'reg-1', ?, ?, '{}', 1, 1, ?)`,
    )
    .run(seq, `m-${seq}`, total === null ? 'cart.cancelled' : 'sale.completed', total);
  store.db.prepare("UPDATE register_counter SET value = ? WHERE name = 'outbox_seq'").run(seq);
  return seq;
}

const ack = (s: number) =>
  store.db.prepare('UPDATE outbox SET acked_at = 5 WHERE seq = ? AND acked_at IS NULL').run(s);

describe('migration 0020 outbox pending counters', () => {
  it('starts the counters from the rows already waiting, and keeps them through appends and acks', () => {
    expect(before.map((m) => m.id)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);
    seq = 0;
    migrate(store.db, before);
    append(1_000);
    append(null);
    append(2_500);
    ack(1);
    migrate(store.db, [...before, outboxPendingCountersMigration]);
    expect(counted()).toEqual({ unacked: 2, sales: 1, value: 2_500 });
    expect(figures()).toEqual(counted());

    // Any mix of appends, acks (some twice), a total corrected, a row removed: the counters
    // agree with the rows after every step.
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('append' as const), total: fc.option(fc.nat(50_000)) }),
            fc.record({ kind: fc.constant('ack' as const), pick: fc.nat() }),
            fc.record({ kind: fc.constant('retotal' as const), pick: fc.nat(), total: fc.nat() }),
            fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
          ),
          { maxLength: 40 },
        ),
        (steps) => {
          for (const step of steps) {
            const target = seq === 0 ? 0 : ('pick' in step ? step.pick % seq : 0) + 1;
            if (step.kind === 'append') append(step.total);
            else if (step.kind === 'ack') ack(target);
            else if (step.kind === 'retotal') {
              store.db
                .prepare(
                  "UPDATE outbox SET sale_total = ? WHERE seq = ? AND type = 'sale.completed'",
                )
                .run(step.total, target);
            } else store.db.prepare('DELETE FROM outbox WHERE seq = ?').run(target);
            expect(figures()).toEqual(counted());
          }
        },
      ),
      { numRuns: 100 },
    );
    expect(outboxStatus(store.db).lastSeq).toBe(seq);
  });
});
