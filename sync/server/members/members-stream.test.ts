import { describe, expect, it } from 'vitest';
import type { PullPage } from '../../protocol';
import { PULL_PATH, PUSH_PATH, readPullPage } from '../../protocol';
import type { TestServer } from '../testing/test-server';
import { startTestServer, T0 } from '../testing/test-server';
import { useTestDatabases } from '../testing/test-databases';

const databases = useTestDatabases();

/** A members page from the route, checked by the register's own reader. */
async function pullMembers(
  t: TestServer,
  token: string,
  after: number,
  limit = 100,
): Promise<PullPage<'members'>> {
  const answer = await t.call('GET', `${PULL_PATH}?stream=members&after=${after}&limit=${limit}`, {
    token,
  });
  expect(answer.statusCode).toBe(200);
  const page = readPullPage('members', after, answer.json());
  if (!page.ok) throw new Error(page.error.message);
  return page.value;
}

async function addMember(t: TestServer, id: string, code: string, extra: object = {}) {
  const created = await t.call('POST', '/admin/members', {
    token: await t.adminToken(),
    body: { id, code, phone: `1380000${code.slice(-4)}`, name: `Member ${code}`, ...extra },
  });
  expect(created.statusCode).toBe(201);
}

function registerIdOf(token: string): string {
  const payload = JSON.parse(
    Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
  ) as { sub: string };
  return payload.sub;
}

/** A paid sale of `total` fen in cash with the member attached, pushed as the register would. */
async function pushMemberSale(t: TestServer, till: string, memberId: string, total: number) {
  await t.call('POST', '/stores/s1/stock/7/receive', {
    token: await t.adminToken(),
    body: { quantity: 5 },
  });
  const pushed = await t.call('POST', PUSH_PATH, {
    token: till,
    body: {
      schema_version: 1,
      register_id: registerIdOf(till),
      from_seq: 1,
      mutations: [
        {
          seq: 1,
          mutation_id: 'm-1',
          type: 'sale.completed',
          schema_version: 1,
          created_at: 1,
          payload: {
            saleId: 'sale-1',
            receiptNo: 1,
            storeId: 's1',
            cashierId: 'c1',
            memberId,
            currency: 'CNY',
            total,
            pointsEarned: total / 10,
            pointsUsed: 0,
            lines: [{ lineId: 'l1', productId: '7', gtin14: '', quantity: 1, net: total }],
            payments: [{ kind: 'cash', amount: { amount: total, currency: 'CNY' } }],
            completedAt: T0,
          },
        },
      ],
    },
  });
  expect(pushed.json()).toMatchObject({ results: [{ status: 'applied' }] });
}

describe.each(databases)('the members pull stream on $engine', (database) => {
  it('serves every member of the chain to any store, as the server holds them, by cursor', async (context) => {
    const t = await startTestServer(await database.open(context));
    await addMember(t, 'm1', 'M0001', { cardNumber: 'C0001' });
    await addMember(t, 'm2', 'M0002');
    const s1 = await t.registerToken('s1');
    const s2 = await t.registerToken('s2');

    const first = await pullMembers(t, s1, 0);
    expect(first.entries.map((e) => e.id)).toEqual(['m1', 'm2']);
    expect(first.entries[0]).toEqual({
      cursor: first.entries[0]?.cursor,
      id: 'm1',
      code: 'M0001',
      phone: '13800000001',
      cardNumber: 'C0001',
      name: 'Member M0001',
      level: 'bronze',
      status: 'active',
      points: 0,
      debt: 0,
      totalSpent: { amount: 0, currency: 'CNY' },
      orderCount: 0,
      lots: [],
    });
    expect(first.entries[1]?.cardNumber).toBe('');
    // Members are chain-wide: another store's register gets the same.
    expect((await pullMembers(t, s2, 0)).entries.map((e) => e.id)).toEqual(['m1', 'm2']);
    expect((await pullMembers(t, s1, first.cursor)).entries).toEqual([]);

    // A pushed sale earns m1 points: m1 comes again with the lot behind the balance; m2 does not.
    await pushMemberSale(t, s1, 'm1', 12_000);
    const earned = await pullMembers(t, s1, first.cursor);
    expect(earned.entries).toHaveLength(1);
    expect(earned.entries[0]).toMatchObject({
      id: 'm1',
      points: 1200,
      level: 'silver',
      totalSpent: { amount: 12_000, currency: 'CNY' },
      orderCount: 1,
      lots: [{ points: 1200, remaining: 1200, reference: 'sale-1' }],
    });

    // Head office suspends m2; m1 redeems online: both come, in the order they changed.
    const admin = await t.adminToken();
    const suspended = await t.call('PATCH', '/admin/members/m2', {
      token: admin,
      body: { status: 'suspended', name: 'Wang Fang' },
    });
    expect(suspended.json()).toMatchObject({ member: { status: 'suspended', name: 'Wang Fang' } });
    const redeemed = await t.call('POST', '/members/m1/redemptions', {
      token: s1,
      body: { points: 300, referenceId: 'r-1' },
    });
    expect(redeemed.statusCode).toBe(200);
    const changed = await pullMembers(t, s1, earned.cursor);
    expect(changed.entries.map((e) => [e.id, e.status, e.name, e.points])).toEqual([
      ['m2', 'suspended', 'Wang Fang', 0],
      ['m1', 'active', 'Member M0001', 900],
    ]);
    expect(changed.entries[1]?.lots).toMatchObject([{ points: 1200, remaining: 900 }]);

    // Each member once, at its last change; pages of at most `limit`, `more` while some wait.
    const one = await pullMembers(t, s1, 0, 1);
    expect(one.entries.map((e) => e.id)).toEqual(['m2']);
    expect(one.more).toBe(true);
    const rest = await pullMembers(t, s1, one.cursor, 1);
    expect(rest.entries.map((e) => e.id)).toEqual(['m1']);
    expect(rest.more).toBe(false);
    await t.close();
  });

  it('refuses a bad profile change and serves no change that was rolled back', async (context) => {
    const db = await database.open(context);
    const t = await startTestServer(db);
    await addMember(t, 'm1', 'M0001');
    const till = await t.registerToken('s1');
    const admin = await t.adminToken();
    const through = (await pullMembers(t, till, 0)).cursor;
    expect(
      (await t.call('PATCH', '/admin/members/nobody', { token: admin, body: { name: 'X' } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.call('PATCH', '/admin/members/m1', { token: admin, body: {} })).json(),
    ).toMatchObject({ error: { code: 'request.invalid' } });
    expect(
      (await t.call('PATCH', '/admin/members/m1', { token: till, body: { name: 'X' } })).statusCode,
    ).toBe(403);
    await expect(
      db.transaction(async (tx) => {
        await tx.query("UPDATE member SET name = 'Never' WHERE id = 'm1'");
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await pullMembers(t, till, through)).entries).toEqual([]);
    await t.close();
  });

  it('orders cursors by commit, so a reader never skips a change that commits later', async (context) => {
    if (database.engine !== 'postgres') context.skip('needs two connections at once');
    const db = await database.open(context);
    const t = await startTestServer(db);
    await addMember(t, 'm1', 'M0001');
    await addMember(t, 'm2', 'M0002');
    const till = await t.registerToken('s1');
    const before = (await pullMembers(t, till, 0)).cursor;
    let readThrough = before;
    await db.transaction(async (slow) => {
      // m1 is written first but commits last; m2 commits while m1's transaction is still open.
      await slow.query("UPDATE member SET name = 'Slow' WHERE id = 'm1'");
      await db.transaction((quick) =>
        quick.query("UPDATE member SET name = 'Quick' WHERE id = 'm2'"),
      );
      const seen = await pullMembers(t, till, before);
      expect(seen.entries.map((e) => e.name)).toEqual(['Quick']);
      readThrough = seen.cursor;
    });
    const later = await pullMembers(t, till, readThrough);
    expect(later.entries.map((e) => e.name)).toEqual(['Slow']);
    await t.close();
  });
});
