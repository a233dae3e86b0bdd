import { describe, expect, it } from 'vitest';
import { useTempRegisterDb } from '../../../test-support/temp-register-db';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';
import { walletQrMigration } from './0015_wallet_qr';

const store = useTempRegisterDb('migration-0015');

const before = MIGRATIONS.slice(0, MIGRATIONS.indexOf(walletQrMigration));

describe('migration 0015 wallet QR', () => {
  it('keeps the attempts there were as code payments and takes QR attempts without a code', () => {
    expect(before.map((m) => m.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    migrate(store.db, before);
    store.db
      .prepare(
        `INSERT INTO wallet_attempt (sale_id, attempt, wallet, amount, currency, masked_code, state,
           provider_transaction_id, created_at, updated_at)
         VALUES ('s-1', 1, 'alipay', 990, 'CNY', '28**************8901', 'paid', 'T1', 5, 6)`,
      )
      .run();
    migrate(store.db, [...before, walletQrMigration]);
    expect(
      store.db
        .prepare(
          'SELECT sale_id, kind, masked_code, state, provider_transaction_id FROM wallet_attempt',
        )
        .all(),
    ).toEqual([
      {
        sale_id: 's-1',
        kind: 'code',
        masked_code: '28**************8901',
        state: 'paid',
        provider_transaction_id: 'T1',
      },
    ]);
    const insert = store.db.prepare(
      `INSERT INTO wallet_attempt (sale_id, attempt, wallet, amount, currency, kind, masked_code,
         qr_content, qr_expires_at, state, created_at, updated_at)
       VALUES (?, 1, 'wechatPay', 100, 'CNY', ?, ?, ?, ?, 'sending', 0, 0)`,
    );
    insert.run('s-2', 'qr', null, 'weixin://wxpay/bizpayurl?pr=x', 1000);
    expect(() => insert.run('s-3', 'code', null, null, null)).toThrow(/CHECK/);
    expect(() => insert.run('s-4', 'qr', '13************6789', null, null)).toThrow(/CHECK/);
    expect(() => insert.run('s-5', 'code', '13************6789', 'x', 1)).toThrow(/CHECK/);
    expect(() => insert.run('s-6', 'code', '1234567890123456', null, null)).toThrow(/CHECK/);
    // The unsettled-attempts index came back with the table.
    expect(
      store.db
        .prepare(
          "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'wallet_attempt'",
        )
        .pluck()
        .all(),
    ).toContain('wallet_attempt_unsettled');
  });
});
