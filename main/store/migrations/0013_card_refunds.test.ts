import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { cardRefundsMigration } from './0013_card_refunds';

const store = useTempRegisterDb('migration-0013');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(cardRefundsMigration));

describe('migration 0013 card refunds', () => {
  it('applies on top of version 12 and keeps terminal ids, amounts and states sane', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    migrate(store.db, before);
    migrate(store.db, [...before, cardRefundsMigration]);
    const insert = store.db.prepare(
      `INSERT INTO card_refund_attempt (id, sale_id, original_index, amount, currency, original_ref,
         state, started_at) VALUES (?, 's-1', 0, ?, 'CNY', 'T00000001', ?, 0)`,
    );
    insert.run('r-1', 500, 'pending');
    expect(() => insert.run('r-1', 500, 'pending')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('r 2', 500, 'pending')).toThrow(/CHECK/);
    expect(() => insert.run('r-3', 0, 'pending')).toThrow(/CHECK/);
    expect(() => insert.run('r-4', 500, 'charged')).toThrow(/CHECK/);
    expect(() =>
      store.db
        .prepare("UPDATE card_refund_attempt SET outcome = 'not json' WHERE id = 'r-1'")
        .run(),
    ).toThrow(/CHECK/);
  });
});
