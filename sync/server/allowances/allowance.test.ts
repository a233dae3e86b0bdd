// Points allowances on a real server (PGlite and PostgreSQL): a grant holds points for one
// register within the balance not held for others; offline redemptions pushed later debit the
// hold, and the residue left by other channels is written off by an adjust entry.
import { describe, expect, it } from 'vitest';
import { ALLOWANCES_PATH } from '../../protocol';
import { useTestDatabases } from '../testing/test-databases';
import type { TestServer } from '../testing/test-server';
import { T0, startTestServer } from '../testing/test-server';
import type { TestTill } from '../leases/lease-testing';
import { testTill } from '../leases/lease-testing';
import { allowanceTopUp, settleOfflineRedemption } from './allowance-rules';

const sale = (saleId: string, memberId: string, total: number, pointsUsed: number) => ({
  type: 'sale.completed',
  payload: {
    saleId,
    receiptNo: 1,
    storeId: 's1',
    cashierId: 'c1',
    memberId,
    currency: 'CNY',
    total,
    pointsEarned: 0,
    pointsUsed,
    lines: [{ lineId: 'l1', productId: 'p1', gtin14: '', quantity: 1, net: total }],
    payments: [
      ...(pointsUsed > 0
        ? [{ kind: 'points', amount: { amount: pointsUsed, currency: 'CNY' }, points: pointsUsed }]
        : []),
      { kind: 'cash', amount: { amount: total - pointsUsed, currency: 'CNY' } },
    ],
    completedAt: T0,
  },
});

const redeemed = (saleId: string, memberId: string, points: number) => ({
  type: 'points.offlineRedeemed',
  payload: { memberId, saleId, points, redeemedAt: T0 },
});

async function allowance(
  t: TestServer,
  till: TestTill,
  memberId: string,
  points: number,
  done = 0,
) {
  return t.call('POST', ALLOWANCES_PATH, {
    token: till.token,
    body: { schema_version: 1, member_id: memberId, points, redeemed: done },
  });
}

async function balance(t: TestServer, memberId: string): Promise<number> {
  const { rows } = await t.server.context.db.query<{ points: number }>(
    'SELECT points FROM member WHERE id = $1',
    [memberId],
  );
  return rows[0]?.points ?? Number.NaN;
}

async function withMember(t: TestServer, a: TestTill): Promise<number> {
  const created = await t.call('POST', '/admin/members', {
    token: await t.adminToken(),
    body: { id: 'm1', code: 'M1', phone: '13800000000', name: 'Chen Jing' },
  });
  expect(created.statusCode).toBe(201);
  await t.server.context.db.query(
    `INSERT INTO stock_level (store_id, product_id, total, available, locked, safety, version)
     VALUES ('s1', 'p1', 1000, 1000, 0, 0, 1)`,
  );
  // A 100-yuan sale earns the member their opening points.
  expect(await a.push([sale('earn-1', 'm1', 10_000, 0)])).toMatchObject([{ status: 'applied' }]);
  return balance(t, 'm1');
}

describe('allowance rules', () => {
  it('tops up to what the register wants, within the cap and the balance not held', () => {
    const holds = [
      { registerId: 'a', granted: 300, used: 100 },
      { registerId: 'b', granted: 500, used: 0 },
    ];
    const base = { balance: 1000, holds, registerId: 'a', redeemed: 100, cap: 2000 };
    // a can still spend 200; 300 of the balance is free.
    expect(allowanceTopUp({ ...base, wanted: 400 })).toBe(200);
    expect(allowanceTopUp({ ...base, wanted: 5000 })).toBe(300);
    // Its own count runs ahead of the server's (a redemption in transit): less is spendable.
    expect(allowanceTopUp({ ...base, wanted: 400, redeemed: 250 })).toBe(300);
    expect(allowanceTopUp({ ...base, wanted: 100 })).toBe(0);
    expect(allowanceTopUp({ ...base, registerId: 'c', wanted: 50, cap: 40 })).toBe(40);
  });

  it('covers what the hold covers, writes off at most that much', () => {
    const hold = { registerId: 'a', granted: 500, used: 0 };
    expect(settleOfflineRedemption(hold, 500, -400)).toEqual({
      fromHold: 500,
      residue: 400,
      overAllowance: 0,
    });
    expect(settleOfflineRedemption({ ...hold, used: 480 }, 50, -50)).toEqual({
      fromHold: 20,
      residue: 20,
      overAllowance: 30,
    });
    expect(settleOfflineRedemption(undefined, 50, 10)).toEqual({
      fromHold: 0,
      residue: 0,
      overAllowance: 50,
    });
  });
});

describe.each(useTestDatabases())('points allowances on $engine', (database) => {
  it('grants holds, debits offline redemptions from them, repairs the residue by an adjust', async (context) => {
    const t = await startTestServer(await database.open(context));
    const a = await testTill(t, 's1');
    const b = await testTill(t, 's1');
    const opening = await withMember(t, a);
    expect(opening).toBeGreaterThan(600);

    const first = await allowance(t, a, 'm1', 500);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      granted_now: 500,
      allowance: { member_id: 'm1', granted: 500, used: 0, balance: opening },
    });
    // b may hold only what a does not: the balance less a's hold.
    const second = (await allowance(t, b, 'm1', 1_000_000)).json<{ granted_now: number }>();
    expect(second.granted_now).toBe(Math.min(2000, opening - 500));
    const bHold = second.granted_now;

    // Online, another channel spends all but 100 points (a checked debit on the balance).
    const online = await t.call('POST', '/members/m1/redemptions', {
      token: a.token,
      body: { points: opening - 100, referenceId: 'web-1' },
    });
    expect(online.statusCode).toBe(200);

    // a's offline redemption arrives (its row first, then the sale, as the register writes them).
    const [use, paid] = await a.push([redeemed('off-1', 'm1', 500), sale('off-1', 'm1', 500, 500)]);
    expect(use).toMatchObject({ status: 'flagged' });
    expect(use?.reason).toContain('points.residueRepaired: 400');
    expect(paid?.status).toBe('applied');
    expect(await balance(t, 'm1')).toBe(0);

    // b's arrives the other way round (sale first): the same repair, the balance back to 0.
    const [bSale, bUse] = await b.push([
      sale('off-2', 'm1', bHold, bHold),
      redeemed('off-2', 'm1', bHold),
    ]);
    expect(bSale?.reason).toContain('points.negativeBalance');
    expect(bUse?.reason).toContain(`points.residueRepaired: ${bHold}`);
    expect(await balance(t, 'm1')).toBe(0);
    const { rows: holds } = await t.server.context.db.query<{ granted: number; used: number }>(
      'SELECT granted, used FROM points_allowance ORDER BY granted',
    );
    expect(holds).toEqual(
      [
        { granted: 500, used: 500 },
        { granted: bHold, used: bHold },
      ].sort((x, y) => x.granted - y.granted),
    );
    const { rows: adjusts } = await t.server.context.db.query<{ points: number; reason: string }>(
      "SELECT points, reason FROM points_entry WHERE type = 'adjust' ORDER BY id",
    );
    expect(adjusts).toEqual([
      { points: 400, reason: 'offline allowance residue' },
      { points: bHold, reason: 'offline allowance residue' },
    ]);

    // Past its allowance (a register that broke its rule): booked, left negative, flagged.
    const [over] = await a.push([redeemed('off-3', 'm1', 50), sale('off-3', 'm1', 50, 50)]);
    expect(over?.reason).toContain('points.overAllowance: 50');
    expect(await balance(t, 'm1')).toBe(-50);
    // The invariant: never below −(allowances granted).
    expect(await balance(t, 'm1')).toBeGreaterThanOrEqual(-(500 + bHold));
    await t.close();
  });

  it('refuses bad input with a typed error, and books a repeated redemption once', async (context) => {
    const t = await startTestServer(await database.open(context));
    const a = await testTill(t, 's1');
    await withMember(t, a);
    const unknown = await allowance(t, a, 'nobody', 100);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'member.notFound' } });
    const invalid = await t.call('POST', ALLOWANCES_PATH, {
      token: a.token,
      body: { schema_version: 1, member_id: 'm1', points: -5, redeemed: 0 },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ error: { code: 'request.invalid' } });
    const { rows } = await t.server.context.db.query('SELECT 1 FROM points_allowance');
    expect(rows).toHaveLength(0);
    await allowance(t, a, 'm1', 100);
    const again = await a.push([redeemed('r-1', 'm1', 60), redeemed('r-1', 'm1', 60)]);
    expect(again.map((r) => r.status)).toEqual(['applied', 'duplicate']);
    const { rows: hold } = await t.server.context.db.query<{ used: number }>(
      'SELECT used FROM points_allowance',
    );
    expect(hold).toEqual([{ used: 60 }]);
    await t.close();
  });
});
