import { describe, expect, it } from 'vitest';
import type { TestContext } from 'vitest';
import { useTestDatabases } from '../../testing/test-databases';
import type { Db } from '../db';
import { migrate } from '../migrate';
import { openPgDb } from '../pg-db';
import { openPgliteDb } from '../pglite-db';
import { SERVER_MIGRATIONS } from './index';
import { walletQrMigration } from './0012_wallet_qr';

const databases = useTestDatabases();
const before = SERVER_MIGRATIONS.slice(0, SERVER_MIGRATIONS.indexOf(walletQrMigration));

const insert = (id: string, kind: string | null, masked: string | null, expires: number | null) =>
  `INSERT INTO wallet_payment (id, store_id, register_id, sale_id, attempt, wallet, amount,
     currency, ${kind === null ? '' : 'kind, '}masked_code, qr_expires_at, state, created_at,
     updated_at)
   VALUES ('${id}', 's1', 'r1', '${id}', 1, 'wechatPay', 100, 'CNY',
     ${kind === null ? '' : `'${kind}', `}${masked === null ? 'NULL' : `'${masked}'`},
     ${expires ?? 'NULL'}, 'pending', 0, 0)`;

describe.each(databases)('migration 12 wallet QR on $engine', (database) => {
  async function unmigrated(context: TestContext): Promise<Db> {
    return database.engine === 'pglite'
      ? openPgliteDb(undefined)
      : openPgDb(await database.url(context));
  }

  it('keeps code payments as they were and takes QR payments without a code, with an expiry', async (context) => {
    const db = await unmigrated(context);
    try {
      await migrate(db, before, () => 1);
      await db.exec(`INSERT INTO wallet_payment (id, store_id, register_id, sale_id, attempt,
          wallet, amount, currency, masked_code, state, created_at, updated_at)
        VALUES ('P1', 's1', 'r1', 'sale-1', 1, 'wechatPay', 100, 'CNY', '13************6789',
          'paid', 0, 0)`);
      await migrate(db, SERVER_MIGRATIONS.slice(0, before.length + 1), () => 1);
      const { rows } = await db.query<{ kind: string; masked_code: string }>(
        "SELECT kind, masked_code FROM wallet_payment WHERE id = 'P1'",
      );
      expect(rows).toEqual([{ kind: 'code', masked_code: '13************6789' }]);
      await db.exec(insert('P2', 'qr', null, 1000));
      // A QR payment needs its expiry and no code; a code payment its code and no QR.
      await expect(db.exec(insert('P3', 'qr', null, null))).rejects.toThrow(/kind_fields/);
      await expect(db.exec(insert('P4', 'qr', '13************6789', 1000))).rejects.toThrow(
        /kind_fields/,
      );
      await expect(db.exec(insert('P5', null, null, null))).rejects.toThrow(/kind_fields/);
      await expect(db.exec(insert('P6', 'card', null, 1000))).rejects.toThrow(/check/i);
    } finally {
      await db.close();
    }
  });
});
