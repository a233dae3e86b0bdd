import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { cardAttemptsMigration } from './0008_card_attempts';

const store = useTempRegisterDb('migration-0008');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(cardAttemptsMigration));

describe('migration 0008 card attempts', () => {
  it('applies on top of version 7 and keeps one pending card payment per cart', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    migrate(store.db, before);
    migrate(store.db, [...before, cardAttemptsMigration]);
    const insert = store.db.prepare(
      `INSERT INTO card_attempt (id, cart_id, amount, currency, state, started_at)
       VALUES (?, ?, ?, 'CNY', ?, 0)`,
    );
    insert.run('a-1', 'cart-1', 500, 'pending');
    expect(() => insert.run('a-2', 'cart-1', 500, 'pending')).toThrow(/UNIQUE/);
    insert.run('a-3', 'cart-1', 500, 'declined');
    insert.run('a-4', 'cart-2', 500, 'pending');
    expect(() => insert.run('a-5', 'cart-3', 0, 'pending')).toThrow(/CHECK/);
    expect(() => insert.run('a-6', 'cart-3', 100, 'lost')).toThrow(/CHECK/);
    // Not a terminal request id: the protocol takes [A-Za-z0-9-]{1,40}.
    expect(() => insert.run('a 7', 'cart-3', 100, 'pending')).toThrow(/CHECK/);
    expect(() => insert.run('x'.repeat(41), 'cart-3', 100, 'pending')).toThrow(/CHECK/);
  });
});
