import { describe, expect, it } from 'vitest';
import type { MemberEntry } from '../../sync/protocol';
import { useTempRegisterDb } from '../../test-support/temp-register-db';
import { seedMembers } from '../members/member-store';
import { appendOutbox } from '../outbox/outbox';
import type { OutboxType } from '../outbox/outbox';
import { MIGRATIONS } from '../store/migrations';
import { migrate } from '../store/migrate';
import { heldKeys, outboxMark } from './pull-holds';
import { membersPullTarget } from './pull-members';

const store = useTempRegisterDb('pull-holds');

function write(type: OutboxType, payload: unknown): number {
  const saleTotal = type === 'sale.completed' ? { saleTotal: 100 } : {};
  return store.db.transaction(
    () => appendOutbox(store.db, { registerId: 'reg-1', type, payload, at: 1, ...saleTotal }).seq,
  )();
}

const sale = (memberId: string | null, productIds: readonly number[]) => ({
  saleId: `sale-${memberId ?? 'none'}`,
  receiptNo: 1,
  storeId: 'store-1',
  cashierId: 'c1',
  memberId,
  currency: 'CNY',
  total: 100,
  pointsEarned: 10,
  pointsUsed: 0,
  lines: productIds.map((productId, i) => ({
    lineId: `l${i}`,
    productId,
    gtin14: '',
    quantity: 1,
    net: 100,
  })),
  payments: [],
  completedAt: 1,
});

const keysOf = (held: ReturnType<typeof heldKeys>) =>
  held.kind === 'all' ? 'all' : [...held.keys].sort();

const ack = (seq: number) =>
  store.db.prepare('UPDATE outbox SET acked_at = 2 WHERE seq = ?').run(seq);

describe('which members and products wait for this register’s rows', () => {
  it('counts a row acknowledged after the page was asked for, and rows written since', () => {
    migrate(store.db, MIGRATIONS);
    expect(outboxMark(store.db)).toBe(1);
    const first = write('sale.completed', sale('m1', [3, 4]));
    const mark = outboxMark(store.db);
    expect(mark).toBe(first);
    // Acknowledged while the page was on its way: the page may not hold it, so it still holds.
    ack(first);
    expect(keysOf(heldKeys(store.db, 'members', mark))).toEqual(['m1']);
    expect(keysOf(heldKeys(store.db, 'stock', mark))).toEqual(['3', '4']);
    // A page asked for after the acknowledgement includes it: nothing holds.
    const later = outboxMark(store.db);
    expect(later).toBe(first + 1);
    expect(keysOf(heldKeys(store.db, 'members', later))).toEqual([]);
    // A sale written while that page was on its way holds its member and products.
    write('sale.completed', sale('m2', [5]));
    expect(keysOf(heldKeys(store.db, 'members', later))).toEqual(['m2']);
    expect(keysOf(heldKeys(store.db, 'stock', later))).toEqual(['5']);
  });

  it('reads each mutation type by its rule, and holds everything for one it cannot read', () => {
    migrate(store.db, MIGRATIONS);
    store.db
      .prepare(
        `INSERT INTO sale (id, receipt_no, register_id, store_id, status, cashier_id, member_id,
           currency, subtotal, discount_total, tax_total, total, paid, receipt, opened_at,
           completed_at)
         VALUES ('sale-7', 7, 'reg-1', 'store-1', 'completed', 'c1', 'm7', 'CNY', 100, 0, 0, 100,
           100, '{}', 1, 1)`,
      )
      .run();
    const refund = (restock: boolean) => ({
      refundId: `r-${restock}`,
      receiptNo: 8,
      saleId: 'sale-7',
      storeId: 'store-1',
      amount: 100,
      restock,
      lines: [{ lineNo: 1, productId: 9, quantity: 1, amount: 100 }],
      payments: [],
      pointsClawedBack: 10,
      createdAt: 1,
    });
    write('refund.completed', refund(false));
    write('points.offlineRedeemed', { memberId: 'm8', saleId: 's8', points: 5, redeemedAt: 1 });
    write('stocktake.posted', {
      stocktakeId: 'st-1',
      storeId: 'store-1',
      postedAt: 1,
      postedBy: 'm1',
      currency: 'CNY',
      netValue: 0,
      adjustments: [
        { productId: 11, expected: 5, counted: 4, delta: -1 },
        { productId: 12, expected: 5, counted: 5, delta: 0 },
      ],
    });
    write('cart.cancelled', { cartId: 'c-1', reason: 'changed mind', lines: 2 });
    // A refund names its sale, whose member the register knows; unrestocked, it moves no stock.
    expect(keysOf(heldKeys(store.db, 'members', 1))).toEqual(['m7', 'm8']);
    expect(keysOf(heldKeys(store.db, 'stock', 1))).toEqual(['11']);
    write('refund.completed', refund(true));
    expect(keysOf(heldKeys(store.db, 'stock', 1))).toEqual(['11', '9']);
    // A type this build does not push (or an unreadable payload) may touch anything.
    write('stock.reconcile', { anything: true });
    expect(heldKeys(store.db, 'stock', 1)).toEqual({ kind: 'all' });
    expect(heldKeys(store.db, 'members', 1)).toEqual({ kind: 'all' });
  });

  it('parks a member’s points under the mark the page was asked with, and lands them later', () => {
    migrate(store.db, MIGRATIONS);
    seedMembers(store.db, [{ id: 'm1', code: 'M1', name: 'Chen', points: 100 }], 1);
    const target = membersPullTarget(store.db, { now: () => 5 });
    const seq = write('sale.completed', sale('m1', [3]));
    const mark = target.mark?.() ?? 0;
    ack(seq);
    const entry: MemberEntry = {
      cursor: 10,
      id: 'm1',
      code: 'M1',
      phone: '',
      cardNumber: '',
      name: 'Chen Jing',
      level: 'bronze',
      status: 'suspended',
      points: 40,
      debt: 0,
      totalSpent: { amount: 0, currency: 'CNY' },
      orderCount: 0,
      lots: [],
    };
    const page = (after: number, entries: MemberEntry[]) => ({
      schema_version: 1,
      stream: 'members' as const,
      after,
      cursor: entries.at(-1)?.cursor ?? after,
      more: false,
      entries,
    });
    target.apply(page(0, [entry]), mark);
    const member = () =>
      store.db.prepare('SELECT name, status, points FROM member WHERE id = ?').get('m1');
    // The profile (a suspension) at once; the points wait.
    expect(member()).toEqual({ name: 'Chen Jing', status: 'suspended', points: 100 });
    expect(target.holding?.()).toBe(true);
    target.apply(page(10, []), target.mark?.());
    expect(member()).toEqual({ name: 'Chen Jing', status: 'suspended', points: 40 });
    expect(target.holding?.()).toBe(false);
    // The opening lot made here is closed: the server's lots (none) are the balance now.
    expect(
      store.db
        .prepare("SELECT sum(remaining) FROM member_lot WHERE member_id = 'm1'")
        .pluck()
        .get(),
    ).toBe(0);
  });
});
