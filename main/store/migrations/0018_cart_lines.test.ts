import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { cartLinesMigration } from './0018_cart_lines';

const store = useTempRegisterDb('migration-0018');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(cartLinesMigration));

const line = (n: number) => ({ lineId: `line-${n}`, product: { id: String(n), name: `P${n}` } });

describe('migration 0018 cart lines', () => {
  it('splits each cart open or parked at the upgrade into its header and its lines, in order', () => {
    expect(before.map((m) => m.id)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
    ]);
    migrate(store.db, before);
    const insert = store.db.prepare(
      "INSERT INTO cart (cart_id, state, status, opened_at, updated_at) VALUES (?, ?, 'open', 1, 1)",
    );
    const cartOf = (id: string, lines: readonly object[]) => ({
      cart: { cartId: id, currency: 'CNY', lines },
      payment: null,
    });
    insert.run('a', JSON.stringify(cartOf('a', [line(1), line(2), line(3)])));
    insert.run('b', JSON.stringify(cartOf('b', [])));
    migrate(store.db, [...before, cartLinesMigration]);

    const lines = store.db
      .prepare<[], { cart_id: string; line_no: number; state: string }>(
        'SELECT cart_id, line_no, state FROM cart_line ORDER BY cart_id, line_no',
      )
      .all();
    expect(lines.map((l) => [l.cart_id, l.line_no, JSON.parse(l.state) as unknown])).toEqual([
      ['a', 0, line(1)],
      ['a', 1, line(2)],
      ['a', 2, line(3)],
    ]);
    const headers = store.db
      .prepare<[], string>('SELECT state FROM cart ORDER BY cart_id')
      .pluck()
      .all()
      .map((s) => JSON.parse(s) as unknown);
    expect(headers).toEqual([
      { cart: { cartId: 'a', currency: 'CNY' }, payment: null },
      { cart: { cartId: 'b', currency: 'CNY' }, payment: null },
    ]);

    // A line belongs to a cart, by a position once, as JSON; it goes when its cart goes.
    const add = store.db.prepare(
      'INSERT INTO cart_line (cart_id, line_no, state) VALUES (?, ?, ?)',
    );
    expect(() => add.run('a', 0, '{}')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => add.run('nope', 0, '{}')).toThrow(/FOREIGN KEY/);
    expect(() => add.run('b', -1, '{}')).toThrow(/CHECK/);
    expect(() => add.run('b', 0, '{not json')).toThrow(/CHECK/);
    store.db.prepare("DELETE FROM cart WHERE cart_id = 'a'").run();
    expect(store.db.prepare('SELECT count(*) FROM cart_line').pluck().get()).toBe(0);
  });
});
