// The member desk and points at the till on a real SQLite file: lookup, redemption within the
// offline allowance, earning on money paid, suspended members, history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  FIXTURE_BARCODES,
  loginReadyToSell,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';
import { seedMembers } from './member-store';

const { MILK } = FIXTURE_BARCODES;
let f: RegisterFixture;

beforeEach(async () => {
  f = await startRegisterFixture();
  seedMembers(
    f.core.db,
    [
      {
        id: 'mem-1',
        code: 'M0001',
        phone: '13812345678',
        cardNumber: '88880001',
        name: 'Chen Jing',
        points: 5000,
        offlineAllowance: 3000,
      },
      {
        id: 'mem-2',
        code: 'M0002',
        phone: '13900000000',
        name: 'Sun Li',
        points: 800,
        status: 'suspended',
        offlineAllowance: 500,
      },
    ],
    f.now,
  );
  await loginReadyToSell(f);
});
afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  expect(errors).toEqual([]);
});

describe('members', () => {
  it('finds a member by code, card, phone or id, with the phone masked', async () => {
    for (const query of ['M0001', '88880001', '13812345678', 'mem-1']) {
      expect(await valueOf(f.core.send('members.find', { query }))).toMatchObject({
        memberId: 'mem-1',
        phone: '138****5678',
        level: 'gold',
        points: 5000,
        redeemableHere: 3000,
      });
    }
    expect(await f.core.send('members.find', { query: '00000' })).toMatchObject({
      ok: false,
      error: { code: 'members.notFound' },
    });
  });

  it('puts the member on the sale when their card is scanned at the till', async () => {
    // The store's member cards: "8888" and 8 digits in all.
    await valueOf(f.core.send('auth.login', { staffId: 'm1', pin: '3333' }));
    const { settings } = await valueOf(f.core.send('settings.get', {}));
    await valueOf(
      f.core.send('settings.update', {
        changes: {
          barcode: { ...settings.barcode, memberCards: [{ prefixes: ['8888'], length: 8 }] },
        },
      }),
    );
    await valueOf(f.core.send('checkout.scan', { code: MILK }));
    const cart = await valueOf(f.core.send('checkout.scan', { code: '88880001' }));
    expect(cart.cart.member).toEqual({ memberId: 'mem-1', level: 'gold' });
    expect(cart.cart.lines).toHaveLength(1);
    // A card of the store's shape that no member holds is said so, the sale untouched.
    const unknown = await f.core.send('checkout.scan', { code: '88889999' });
    expect(unknown.ok ? 'attached' : unknown.error.code).toBe('members.notFound');
  });

  it('redeems points within the offline allowance, earns on the money part, records history', async () => {
    await valueOf(f.core.send('checkout.scan', { code: MILK }));
    const cart = await valueOf(f.core.send('checkout.attachMember', { query: '13812345678' }));
    expect(cart.cart.member).toEqual({ memberId: 'mem-1', level: 'gold' });
    const total = cart.totals.priced.totals.total.amount;

    expect(await f.core.send('checkout.tenderPoints', { points: 3100 })).toMatchObject({
      ok: false,
    });
    const points = Math.min(2000, Math.floor(total / 100) * 100 - 100);
    const part = await valueOf(f.core.send('checkout.tenderPoints', { points }));
    expect(part.status).toBe('partial');
    const done = await valueOf(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }));
    if (done.status !== 'completed') throw new Error('expected completed');
    const moneyPaid = total - points; // 100 points = ¥1.00 = 100 fen
    expect(done.sale.pointsEarned).toBe(Math.floor((moneyPaid * 10) / 100));

    const after = await valueOf(f.core.send('members.find', { query: 'M0001' }));
    expect(after.points).toBe(5000 - points + done.sale.pointsEarned);
    expect(after.redeemableHere).toBe(3000 - points);
    const history = await valueOf(f.core.send('members.history', { memberId: 'mem-1' }));
    expect(history.map((h) => h.type).sort()).toEqual(['earn', 'spend']);
    const payload = JSON.parse(
      f.core.db
        .prepare("SELECT payload FROM outbox WHERE type = 'sale.completed'")
        .pluck()
        .get() as string,
    ) as { memberId: string; pointsUsed: number };
    expect(payload).toMatchObject({ memberId: 'mem-1', pointsUsed: points });
  });

  it('lets a suspended member neither redeem nor earn', async () => {
    await valueOf(f.core.send('checkout.scan', { code: MILK }));
    await valueOf(f.core.send('checkout.attachMember', { query: 'M0002' }));
    expect(await f.core.send('checkout.tenderPoints', { points: 100 })).toMatchObject({
      ok: false,
      error: { code: 'member.suspended' },
    });
    const done = await valueOf(f.core.send('checkout.tenderCash', { tendered: 1_000_000 }));
    expect(done).toMatchObject({ status: 'completed', sale: { pointsEarned: 0 } });
    expect((await valueOf(f.core.send('members.find', { query: 'M0002' }))).points).toBe(800);
  });

  it('refuses points with no member attached', async () => {
    await valueOf(f.core.send('checkout.scan', { code: MILK }));
    expect(await f.core.send('checkout.tenderPoints', { points: 100 })).toMatchObject({
      ok: false,
      error: { code: 'checkout.noMember' },
    });
  });
});
