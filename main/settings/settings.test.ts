// The store settings through the command map on a real SQLite file: read by any signed-in staff,
// changed by a manager only, a bad value refused with nothing written, kept across a restart, the
// first start's values taken from the core's options, and checkout running by a change at once.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterSettings } from '../../app/commands';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';
import { createRegisterCore } from '../core/create-register-core';

const { MILK } = FIXTURE_BARCODES;
let f: RegisterFixture | undefined;

afterEach(async () => {
  if (f === undefined) return;
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  f = undefined;
  expect(errors).toEqual([]);
});

async function start(staffId = 'm1', pin = '3333'): Promise<RegisterFixture> {
  f = await startRegisterFixture();
  await valueOf(f.core.send('auth.login', { staffId, pin }));
  return f;
}

/** The settings row and the settings audit trail: what a refused change must leave alone. */
function stored(fx: RegisterFixture): unknown {
  return {
    row: fx.core.db.prepare('SELECT * FROM store_settings').all(),
    audit: fx.core.db
      .prepare("SELECT * FROM audit_log WHERE action = 'settings.updated' ORDER BY id")
      .all(),
  };
}

describe('settings.get', () => {
  it('shows the first-start settings to any signed-in staff, and nothing to nobody', async () => {
    const fx = await start('c1', '1111');
    const view = await valueOf(fx.core.send('settings.get', {}));
    expect(view).toMatchObject({ version: 0, updatedBy: null });
    expect(view.settings).toMatchObject({
      storeName: 'Store',
      currency: 'CNY',
      taxMode: 'inclusive',
      cashRounding: { increment: 10, mode: 'down' },
      pluTable: {},
      pointsRate: { points: 100, value: 100 },
      language: 'zh-CN',
    });
    await valueOf(fx.core.send('auth.logout', {}));
    expect(await fx.core.send('settings.get', {})).toMatchObject({
      ok: false,
      error: { code: 'auth.required' },
    });
  });
});

describe('settings.update', () => {
  it('lets a manager change fields, audits what each was and became, and keeps it on restart', async () => {
    const fx = await start();
    fx.now += 1000;
    const view = await valueOf(
      fx.core.send('settings.update', {
        changes: {
          storeName: '  Lianhua Xujiahui  ',
          receiptFooter: 'Thank you · 谢谢惠顾',
          pluTable: { '123': MILK },
          // The same value as now: not a change, so not in the audit.
          currency: 'CNY',
        },
      }),
    );
    expect(view).toMatchObject({ version: 1, updatedBy: 'm1', updatedAt: fx.now });
    expect(view.settings.storeName).toBe('Lianhua Xujiahui');
    const audit = fx.core.db
      .prepare<[], { staff_id: string; details: string }>(
        "SELECT staff_id, details FROM audit_log WHERE action = 'settings.updated'",
      )
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.staff_id).toBe('m1');
    expect(JSON.parse(audit[0]?.details ?? '{}')).toEqual({
      version: 1,
      before: { storeName: 'Store', receiptFooter: '', pluTable: { '123': null } },
      after: {
        storeName: 'Lianhua Xujiahui',
        receiptFooter: 'Thank you · 谢谢惠顾',
        pluTable: { '123': MILK },
      },
    });
    // Saving the same values again changes nothing and writes nothing.
    const before = stored(fx);
    expect(
      await valueOf(
        fx.core.send('settings.update', { changes: { storeName: 'Lianhua Xujiahui' } }),
      ),
    ).toMatchObject({ version: 1 });
    expect(stored(fx)).toEqual(before);

    fx.restart();
    await valueOf(fx.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    expect(await valueOf(fx.core.send('settings.get', {}))).toEqual(view);
  });

  it('refuses cashiers and supervisors, and writes nothing', async () => {
    const fx = await start('c1', '1111');
    const before = stored(fx);
    for (const [staffId, pin] of [
      ['c1', '1111'],
      ['s1', '2222'],
    ] as const) {
      await valueOf(fx.core.send('auth.login', { staffId, pin }));
      expect(await fx.core.send('settings.update', { changes: { storeName: 'Mine' } })).toEqual({
        ok: false,
        error: {
          code: 'auth.notAllowed',
          message: 'Only a manager may change the store settings',
          details: { permission: 'settings.change' },
        },
      });
    }
    expect(stored(fx)).toEqual(before);
  });

  it('refuses a bad value with a typed error and writes nothing of the change', async () => {
    const fx = await start();
    const before = stored(fx);
    const refusals: [Partial<Record<keyof RegisterSettings, unknown>>, string, RegExp][] = [
      [{}, 'command.invalidArgs', /Nothing to change/],
      [{ currency: 'XYZ' }, 'command.invalidArgs', /does not know this currency/],
      [{ storeName: '   ' }, 'command.invalidArgs', /storeName/],
      [{ pluTable: { '123': '690123456' } }, 'command.invalidArgs', /GTIN has 8, 12, 13 or 14/],
      [{ pluTable: { '12': 'milk' } }, 'command.invalidArgs', /GTIN is digits only/],
      // An own "__proto__" key, as a host relaying JSON would pass it on.
      [
        { pluTable: JSON.parse(`{"__proto__": "${MILK}"}`) },
        'command.invalidArgs',
        /PLU is 1 to 6/,
      ],
      [{ cashRounding: { increment: 0, mode: 'down' } }, 'command.invalidArgs', /increment/],
      [{ language: 'fr' }, 'command.invalidArgs', /language/],
      // Checked across fields, after the change is merged into the settings:
      [
        { pluTable: { '123': MILK, '00123': MILK } },
        'settings.invalid',
        /PLU 00123 is the same number as PLU 123/,
      ],
      [
        { storeName: 'Fine', barcode: scaleLabels([{ layout: 'gs1-weight5', prefixes: ['30'] }]) },
        'settings.invalid',
        /Prefix 30 is not one of layout gs1-weight5's prefixes/,
      ],
      [
        { currency: 'JPY', barcode: scaleLabels([{ layout: 'cn-scale-18' }]) },
        'settings.invalid',
        /its price has more decimals than JPY/,
      ],
    ];
    for (const [changes, code, message] of refusals) {
      const answer = await fx.core.send('settings.update', { changes } as never);
      expect(answer.ok, JSON.stringify(changes)).toBe(false);
      if (answer.ok) continue;
      expect(answer.error.code).toBe(code);
      expect(answer.error.message).toMatch(message);
    }
    expect(stored(fx)).toEqual(before);
    expect((await valueOf(fx.core.send('settings.get', {}))).settings.storeName).toBe('Store');
  });
});

function scaleLabels(
  labels: RegisterSettings['barcode']['scaleLabels'],
): RegisterSettings['barcode'] {
  return { scaleLabels: labels, memberCards: [], coupons: [], scannerSendsUpcE: false };
}

describe('first start', () => {
  it("takes the core's options as first-start values; after that the store's settings rule", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'settings-first-start-'));
    const open = (storeName: string) =>
      createRegisterCore({
        dataDir: dir,
        storeId: 'store-1',
        registerId: 'reg-1',
        clock: { now: () => 1, monotonic: () => 1 },
        logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
        settings: { storeName, receiptFooter: 'Come again' },
      });
    try {
      let core = open('First');
      const read = () =>
        core.db
          .prepare<[], { settings: string; version: number }>(
            'SELECT settings, version FROM store_settings',
          )
          .get();
      expect(read()?.version).toBe(0);
      expect(JSON.parse(read()?.settings ?? '{}')).toMatchObject({
        storeName: 'First',
        receiptFooter: 'Come again',
        currency: 'CNY',
      });
      await core.close();
      core = open('Second');
      expect(JSON.parse(read()?.settings ?? '{}')).toMatchObject({ storeName: 'First' });
      await core.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
