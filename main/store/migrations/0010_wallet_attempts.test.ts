import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { walletAttemptsMigration } from './0010_wallet_attempts';

const store = useTempRegisterDb('migration-0010');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(walletAttemptsMigration));

describe('migration 0010 wallet attempts', () => {
  it('applies on top of version 9 and keeps masked codes only', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    migrate(store.db, before);
    migrate(store.db, [...before, walletAttemptsMigration]);
    const insert = store.db.prepare(
      `INSERT INTO wallet_attempt (sale_id, attempt, wallet, amount, currency, masked_code, state, created_at, updated_at)
       VALUES (?, 1, 'wechatPay', 100, 'CNY', ?, ?, 0, 0)`,
    );
    insert.run('a', '13************6789', 'sending');
    expect(() => insert.run('b', '134567890123456789', 'sending')).toThrow(/CHECK/);
    expect(() => insert.run('c', '13**********56*789', 'sending')).toThrow(/CHECK/);
    expect(() => insert.run('d', '13************6789', 'lost')).toThrow(/CHECK/);
    expect(() => insert.run('a', '13************6789', 'paid')).toThrow(/UNIQUE|PRIMARY/);
  });
});
