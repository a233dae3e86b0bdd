import { describe, expect, it } from 'vitest';
import { money } from '../money';
import type { Member } from './member';
import { checkMayUsePoints } from './member';
import { earnForOrder, expireMemberPoints, redeemPoints, refundOrderPoints } from './member-points';
import { emptyPointsLedger } from './points-ledger';
import { lotExpiresAt } from './points-lot';

const T0 = Date.UTC(2025, 4, 1, 4);

const alice: Member = {
  id: 'm-1',
  code: 'M000001',
  phone: '13800000000',
  cardNumber: '6200000000000001',
  name: 'Alice',
  level: 'bronze',
  points: 0,
  totalSpent: money(0, 'CNY'),
  orderCount: 0,
  status: 'active',
};

describe('earnForOrder', () => {
  it('¥99.99 earns 999 points (bronze); ¥100.00 earns 1000 and levels up to silver', () => {
    const below = earnForOrder(alice, emptyPointsLedger('m-1'), {
      orderId: 'o-1',
      paid: money(9_999, 'CNY'),
      at: T0,
    });
    if (!below.ok) throw new Error(below.error.message);
    expect(below.value.member).toMatchObject({ points: 999, level: 'bronze', orderCount: 1 });
    expect(below.value.events).toEqual([]);

    const at = earnForOrder(alice, emptyPointsLedger('m-1'), {
      orderId: 'o-1',
      paid: money(10_000, 'CNY'),
      at: T0,
    });
    if (!at.ok) throw new Error(at.error.message);
    expect(at.value.member).toMatchObject({
      points: 1_000,
      level: 'silver',
      totalSpent: money(10_000, 'CNY'),
    });
    expect(at.value.events).toEqual([
      { type: 'memberLevelUp', memberId: 'm-1', from: 'bronze', to: 'silver', at: T0 },
    ]);
  });

  it('a payment too small for a point still counts as an order', () => {
    const small = earnForOrder(alice, emptyPointsLedger('m-1'), {
      orderId: 'o',
      paid: money(9, 'CNY'),
      at: T0,
    });
    if (!small.ok) throw new Error(small.error.message);
    expect(small.value.entries).toEqual([]);
    expect(small.value.member).toMatchObject({
      points: 0,
      orderCount: 1,
      totalSpent: money(9, 'CNY'),
    });
  });

  it('a suspended member cannot earn or redeem; an inactive one can', () => {
    const suspended = { ...alice, status: 'suspended' as const };
    const earned = earnForOrder(suspended, emptyPointsLedger('m-1'), {
      orderId: 'o',
      paid: money(100, 'CNY'),
      at: T0,
    });
    expect(earned.ok ? 'ok' : earned.error.code).toBe('member.suspended');
    const redeemed = redeemPoints(suspended, emptyPointsLedger('m-1'), {
      points: 1,
      at: T0,
      referenceId: 'r',
    });
    expect(redeemed.ok ? 'ok' : redeemed.error.code).toBe('member.suspended');
    expect(checkMayUsePoints({ ...alice, status: 'inactive' }, 'redeem').ok).toBe(true);
  });
});

describe('redeem, refund and expiry re-level the member', () => {
  const earned = earnForOrder(alice, emptyPointsLedger('m-1'), {
    orderId: 'o-1',
    paid: money(500_000, 'CNY'),
    at: T0,
  });
  if (!earned.ok) throw new Error('fixture');
  const rich = earned.value; // 50,000 points: platinum

  it('redeeming 30,001 of 50,000 drops platinum to gold', () => {
    const spent = redeemPoints(rich.member, rich.ledger, {
      points: 30_001,
      at: T0 + 1,
      referenceId: 'r',
    });
    if (!spent.ok) throw new Error(spent.error.message);
    expect(spent.value.member).toMatchObject({ points: 19_999, level: 'gold' });
    expect(spent.value.events[0]).toMatchObject({
      type: 'memberLevelDown',
      from: 'platinum',
      to: 'gold',
    });
  });

  it('redeeming more than the balance is refused', () => {
    const spent = redeemPoints(rich.member, rich.ledger, {
      points: 50_001,
      at: T0 + 1,
      referenceId: 'r',
    });
    expect(spent.ok ? 'ok' : spent.error.code).toBe('points.insufficient');
  });

  it('a refund takes the points back and reduces total spent, even when suspended', () => {
    const refunded = refundOrderPoints({ ...rich.member, status: 'suspended' }, rich.ledger, {
      orderId: 'o-1',
      at: T0 + 2,
      refunded: money(500_000, 'CNY'),
    });
    expect(refunded.member).toMatchObject({
      points: 0,
      level: 'bronze',
      totalSpent: money(0, 'CNY'),
      orderCount: 1,
    });
    expect(refunded.entries.map((e) => e.type)).toEqual(['clawback']);
  });

  it('the expiry job writes the points off at exactly one year', () => {
    expect(expireMemberPoints(rich.member, rich.ledger, lotExpiresAt(T0) - 1).member.points).toBe(
      50_000,
    );
    const expired = expireMemberPoints(rich.member, rich.ledger, lotExpiresAt(T0));
    expect(expired.member).toMatchObject({ points: 0, level: 'bronze' });
    expect(expired.events[0]).toMatchObject({ type: 'memberLevelDown', to: 'bronze' });
  });
});
