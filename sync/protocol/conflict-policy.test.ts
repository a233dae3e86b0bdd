import { describe, expect, it } from 'vitest';
import {
  MONEY_FACTS,
  MUTATION_POLICIES,
  MUTATION_TYPES,
  PULL_STREAMS,
  STREAM_POLICIES,
  SYNC_STREAMS,
  availableAfterPull,
  keysTouched,
  mayApplyPulled,
  mutationPolicy,
  streamPolicy,
} from './index';

describe('conflict policy', () => {
  it('has a rule for every mutation type, and only for those', () => {
    expect(Object.keys(MUTATION_POLICIES).sort()).toEqual([...MUTATION_TYPES].sort());
    for (const type of MUTATION_TYPES) {
      const policy = mutationPolicy(type);
      if (!policy.ok) throw new Error(policy.error.message);
      expect(policy.value.clauses.length).toBeGreaterThan(0);
      for (const clause of policy.value.clauses) expect(clause.why.length).toBeGreaterThan(20);
    }
    expect(mutationPolicy('stock.teleported')).toMatchObject({
      ok: false,
      error: { code: 'sync.noRule' },
    });
  });

  it('has a rule for every stream, the served ones included', () => {
    expect(Object.keys(STREAM_POLICIES).sort()).toEqual([...SYNC_STREAMS].sort());
    for (const stream of PULL_STREAMS) expect(streamPolicy(stream).ok).toBe(true);
    expect(streamPolicy('weather').ok).toBe(false);
  });

  it('never lets the server refuse money that changed hands', () => {
    for (const type of MUTATION_TYPES) {
      expect(MUTATION_POLICIES[type].mayReject).toBe(!MONEY_FACTS.has(type));
    }
  });

  it('the issue’s rules: catalog and prices server-wins, stock a delta ledger, flash stock leased', () => {
    expect(STREAM_POLICIES.catalog.rule).toBe('serverWins');
    expect(STREAM_POLICIES.prices.rule).toBe('serverWins');
    const sale = MUTATION_POLICIES['sale.completed'].clauses.map((c) => c.rule);
    expect(sale).toEqual(['appendOnly', 'deltaLedger', 'offlineAllowance']);
    expect(MUTATION_POLICIES['flashSale.leaseSale'].clauses[0]?.rule).toBe('escrowLease');
    expect(MUTATION_POLICIES['points.offlineRedeemed'].clauses[0]?.rule).toBe('offlineAllowance');
  });

  it('holds pulled stock and leases back while the register’s own rows for them wait', () => {
    expect(mayApplyPulled('catalog', ['sale.completed'])).toBe(true);
    expect(mayApplyPulled('stock', ['sale.completed'])).toBe(false);
    expect(mayApplyPulled('stock', ['shift.closed', 'cart.cancelled'])).toBe(true);
    expect(mayApplyPulled('leases', ['flashSale.leaseSale'])).toBe(false);
    expect(mayApplyPulled('members', ['points.offlineRedeemed'])).toBe(false);
    expect(mayApplyPulled('leases', ['some.futureType'])).toBe(false);
    expect(mayApplyPulled('stock', [])).toBe(true);
  });

  it('members and stock: every part of an entry has its rule and reason', () => {
    for (const stream of ['members', 'stock'] as const) {
      const clauses = STREAM_POLICIES[stream].clauses ?? [];
      expect(clauses.length).toBeGreaterThan(1);
      for (const clause of clauses) expect(clause.why.length).toBeGreaterThan(20);
    }
    expect(STREAM_POLICIES.members.clauses?.map((c) => [c.aspect, c.rule])).toEqual([
      ['profile', 'serverWins'],
      ['level', 'serverWins'],
      ['points', 'offlineAllowance'],
    ]);
    expect(STREAM_POLICIES.stock.clauses?.find((c) => c.aspect === 'locks')?.rule).toBe(
      'registerOwned',
    );
  });

  it('names the members and products a pushed row changes, all of them when unreadable', () => {
    const noSale = () => null;
    const sale = {
      saleId: 's1',
      receiptNo: 1,
      storeId: 'st',
      cashierId: 'c',
      memberId: 'm1',
      currency: 'CNY',
      total: 1,
      pointsEarned: 0,
      pointsUsed: 0,
      lines: [{ lineId: 'l', productId: 3, gtin14: '', quantity: 1, net: 1 }],
      payments: [],
      completedAt: 1,
    };
    expect(keysTouched('members', 'sale.completed', sale, noSale)).toEqual({
      kind: 'keys',
      keys: ['m1'],
    });
    expect(keysTouched('stock', 'sale.completed', sale, noSale)).toEqual({
      kind: 'keys',
      keys: ['3'],
    });
    expect(keysTouched('members', 'sale.completed', { ...sale, memberId: null }, noSale)).toEqual({
      kind: 'keys',
      keys: [],
    });
    expect(keysTouched('stock', 'points.offlineRedeemed', { memberId: 'm1' }, noSale)).toEqual({
      kind: 'keys',
      keys: [],
    });
    expect(keysTouched('stock', 'cart.cancelled', {}, noSale)).toEqual({ kind: 'keys', keys: [] });
    expect(keysTouched('members', 'sale.completed', { saleId: 's1' }, noSale)).toEqual({
      kind: 'all',
    });
    expect(keysTouched('stock', 'stock.teleported', {}, noSale)).toEqual({ kind: 'all' });
  });

  it('gives a pulled stock figure to the shelf, not to the units carts here hold', () => {
    expect(availableAfterPull(30, 3)).toBe(27);
    expect(availableAfterPull(2, 3)).toBe(-1);
    expect(availableAfterPull(-4, 0)).toBe(-4);
  });
});
